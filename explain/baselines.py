"""Baseline saliency methods, each ``method(score_model, pixels) -> (H, W)`` map in [0, 1].

- gradient methods through captum: input x gradient, integrated gradients (50 steps, zero baseline),
  occlusion (patch-sized windows); attributions are summed over colour channels and their absolute
  value kept (a region that lowers the score is still where the model looked);
- attention rollout (Abnar & Zuidema 2020) for ViTs: identity-mixed attention maps multiplied
  through the blocks, the CLS row read out;
- RISE (Petsiuk et al. 2018): random low-resolution binary masks upsampled with random shifts,
  saliency = sum_j w_j M_j / (N p) with w_j the target probability of the masked image (masked
  pixels set to 0 in the model's normalised input space, i.e. the mean intensity);
- Grad-CAM through pytorch-grad-cam for CNNs (a conv layer to hook is required);
- Poly-CAM (Englebienne et al., ICPR 2022) for CNNs, written here (no PyPI package has it): score-weighted
  activation maps at several depths, refined backward from the deepest to the shallowest layer.

Gradient methods attribute the target logit; sampling methods score the softmax probability
(as in their papers).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
from torch import nn

from explain.targets import ScoreModel, find_vit
from explain.tis import normalise, upsample


def _channel_abs(attr: torch.Tensor) -> torch.Tensor:
    return normalise(attr.detach()[0].float().sum(dim=0).abs()).cpu()


@dataclass
class InputXGradient:
    """captum InputXGradient on the target logit."""

    name: str = "input_x_gradient"

    def __call__(self, score_model: ScoreModel, pixels: torch.Tensor) -> torch.Tensor:
        from captum.attr import InputXGradient as CaptumIxG

        x = (pixels if pixels.ndim == 4 else pixels[None])[:1].clone().requires_grad_(True)
        return _channel_abs(CaptumIxG(score_model).attribute(x, target=score_model.target))


@dataclass
class IntegratedGradients:
    """captum IntegratedGradients, ``steps`` Gauss-Legendre steps from the zero (mean-intensity) baseline."""

    steps: int = 50
    internal_batch_size: int = 64
    name: str = "integrated_gradients"

    def __call__(self, score_model: ScoreModel, pixels: torch.Tensor) -> torch.Tensor:
        from captum.attr import IntegratedGradients as CaptumIG

        x = (pixels if pixels.ndim == 4 else pixels[None])[:1].clone().requires_grad_(True)
        attr = CaptumIG(score_model).attribute(x, baselines=torch.zeros_like(x), target=score_model.target,
                                               n_steps=self.steps, internal_batch_size=self.internal_batch_size)
        return _channel_abs(attr)


@dataclass
class Occlusion:
    """captum Occlusion with square windows (default: the ViT patch size, else 1/8 of the side), zero fill."""

    window: int | None = None
    stride: int | None = None
    batch_size: int = 64
    name: str = "occlusion"

    def __call__(self, score_model: ScoreModel, pixels: torch.Tensor) -> torch.Tensor:
        from captum.attr import Occlusion as CaptumOcclusion

        x = (pixels if pixels.ndim == 4 else pixels[None])[:1]
        window = self.window
        if window is None:
            try:
                window = find_vit(score_model).patch_size[0]
            except TypeError:
                window = max(1, x.shape[-1] // 8)
        stride = self.stride or window
        with torch.no_grad():
            attr = CaptumOcclusion(score_model).attribute(
                x, sliding_window_shapes=(x.shape[1], window, window), strides=(x.shape[1], stride, stride),
                baselines=0.0, target=score_model.target, perturbations_per_eval=self.batch_size)
        return _channel_abs(attr)


@dataclass
class AttentionRollout:
    """Attention rollout for timm ViTs: prod_l (0.5 A_l + 0.5 I), heads averaged, CLS row over the patches."""

    head_fusion: str = "mean"
    name: str = "attention_rollout"

    def __call__(self, score_model: ScoreModel, pixels: torch.Tensor) -> torch.Tensor:
        x = (pixels if pixels.ndim == 4 else pixels[None])[:1]
        vit = find_vit(score_model)
        if any(probe is None for _, probe in vit.attention):
            raise TypeError("attention rollout needs timm attention blocks (attn_drop exposes the attention weights)")
        maps: list[torch.Tensor] = []
        saved = [getattr(attn, "fused_attn", False) for attn, _ in vit.attention]
        hooks = []
        for attn, probe in vit.attention:
            attn.fused_attn = False  # the fused kernel never materialises the attention matrix
            hooks.append(probe.register_forward_hook(lambda _m, _i, out: maps.append(out.detach())))
        try:
            with torch.no_grad():
                score_model(x)
        finally:
            for h in hooks:
                h.remove()
            for (attn, _), fused in zip(vit.attention, saved):
                attn.fused_attn = fused
        rollout = None
        for a in maps:
            fused = a[0].mean(dim=0) if self.head_fusion == "mean" else a[0].max(dim=0).values
            mixed = 0.5 * fused + 0.5 * torch.eye(fused.shape[-1], device=fused.device)
            mixed = mixed / mixed.sum(dim=-1, keepdim=True)
            rollout = mixed if rollout is None else mixed @ rollout
        assert rollout is not None
        cls_row = rollout[0, vit.num_prefix_tokens:]
        grid = vit.grid(x.shape[-2], x.shape[-1])
        return normalise(upsample(cls_row, grid, tuple(x.shape[-2:]))).cpu()


def rise_masks(n: int, size: tuple[int, int], cells: int = 7, p: float = 0.5, seed: int = 0,
               device: torch.device | str = "cpu") -> torch.Tensor:
    """RISE masks (n, H, W): a cells x cells Bernoulli(p) grid, bilinearly upsampled with a random shift."""
    h, w = size
    gen = torch.Generator(device="cpu").manual_seed(seed)
    grid = (torch.rand(n, 1, cells, cells, generator=gen) < p).float()
    ch, cw = -(-h // cells), -(-w // cells)
    up = nn.functional.interpolate(grid, size=((cells + 1) * ch, (cells + 1) * cw), mode="bilinear",
                                   align_corners=False)
    dx = torch.randint(0, ch, (n,), generator=gen)
    dy = torch.randint(0, cw, (n,), generator=gen)
    out = torch.stack([up[i, 0, dx[i]:dx[i] + h, dy[i]:dy[i] + w] for i in range(n)])
    return out.to(device)


@dataclass
class RISE:
    """Randomised Input Sampling for Explanation with ``n_masks`` pixel masks (same count as TIS to compare)."""

    n_masks: int = 1024
    cells: int = 7
    #: if set, the grid has ceil(side / cell_size) cells instead of ``cells`` (e.g. one cell per ViT patch)
    cell_size: int | None = None
    p: float = 0.5
    batch_size: int = 64
    seed: int = 0
    name: str = "rise"
    _cache: dict = field(default_factory=dict, repr=False)

    def __call__(self, score_model: ScoreModel, pixels: torch.Tensor) -> torch.Tensor:
        x = (pixels if pixels.ndim == 4 else pixels[None])[:1]
        key = (tuple(x.shape[-2:]), str(x.device))
        if key not in self._cache:  # the same masks for every image, as in the paper
            cells = -(-x.shape[-1] // self.cell_size) if self.cell_size else self.cells
            self._cache[key] = rise_masks(self.n_masks, tuple(x.shape[-2:]), cells, self.p, self.seed, x.device)
        masks = self._cache[key]
        total = torch.zeros(x.shape[-2:], device=x.device)
        with torch.no_grad():
            for start in range(0, masks.shape[0], self.batch_size):
                m = masks[start:start + self.batch_size]
                scores = torch.softmax(score_model(x * m[:, None]).float(), dim=-1)[:, score_model.target]
                total += torch.einsum("n,nhw->hw", scores, m)
        return normalise(total / (self.n_masks * self.p)).cpu()


@dataclass
class GradCAM:
    """Grad-CAM (pytorch-grad-cam) on a CNN: ``layer`` names the conv module to hook (e.g. 'net.layer4')."""

    layer: str
    name: str = "grad_cam"

    def __call__(self, score_model: ScoreModel, pixels: torch.Tensor) -> torch.Tensor:
        from pytorch_grad_cam import GradCAM as PGGradCAM
        from pytorch_grad_cam.utils.model_targets import ClassifierOutputTarget

        x = (pixels if pixels.ndim == 4 else pixels[None])[:1]
        layer = score_model.get_submodule(self.layer)
        with PGGradCAM(model=score_model, target_layers=[layer]) as cam:
            grayscale = cam(input_tensor=x, targets=[ClassifierOutputTarget(score_model.target)])
        return normalise(torch.as_tensor(grayscale[0]).float())


def _percentile_normalise(t: torch.Tensor, outlier_percent: float = 0.1) -> torch.Tensor:
    """Poly-CAM's per-map normalisation of ``(..., h, w)``: ``(t - p_lo) / p_hi`` clipped to [0, 1].

    ``p_lo``/``p_hi`` are the ``outlier_percent`` and ``100 - outlier_percent`` percentiles (linear
    interpolation, as numpy). The division is by the high percentile, not by its distance to the low one:
    that is the published method's normalisation, kept as is (the maps it sees are ReLU outputs, ``p_lo ~ 0``).
    """
    flat = t.detach().float().flatten(-2)
    q = torch.tensor([outlier_percent / 100.0, 1.0 - outlier_percent / 100.0], device=flat.device)
    lo, hi = torch.quantile(flat, q, dim=-1, keepdim=True).unbind(0)
    lo, hi = lo.unsqueeze(-1), hi.unsqueeze(-1)
    return ((t.float() - lo) / torch.clamp(hi, min=1e-12)).clamp(0.0, 1.0)


def _local_relevance_normalisation(cam: torch.Tensor, coarse_size: tuple[int, int]) -> torch.Tensor:
    """Divide a finer map by its own content at the coarser grid of the previous map (down, then up, bilinear).

    Without it the finer layer would re-weight the whole image a second time; with it the finer map only
    redistributes relevance inside each cell of the coarser map (the paper's LNorm).
    """
    factor = nn.functional.interpolate(cam, size=coarse_size, mode="bilinear")
    factor = nn.functional.interpolate(factor, size=cam.shape[-2:], mode="bilinear")
    return cam / torch.clamp(factor, min=1e-12)


def default_cam_layers(model: nn.Module, pixels: torch.Tensor) -> list[str]:
    """The layers Poly-CAM refines through, shallow to deep (names relative to ``model``).

    - a ResNet (torchvision or timm: ``layer1``..``layer4``): the stem activation and the output of each
      stage, the authors' explicit list for ResNet-50 (``relu, layer1..layer4``; their shape-change rule
      would hook the blocks' shared ReLU modules, whose last call is after the residual sum, instead);
    - a VGG (a ``features`` Sequential with max-pools): the module right before each max-pool, the paper's
      choice for VGG-16 (``features.3, 8, 15, 22, 29``);
    - anything else: the published discovery rule on this input: the module whose output precedes each
      change of spatial size, up to the flatten (the first module is skipped, a 1 x 1 output ends it).
    """
    for name, module in model.named_modules():
        prefix = f"{name}." if name else ""
        if all(hasattr(module, f"layer{i}") for i in range(1, 5)):
            stem = next((a for a in ("relu", "act3", "act1") if isinstance(getattr(module, a, None), nn.Module)), None)
            return ([prefix + stem] if stem else []) + [f"{prefix}layer{i}" for i in range(1, 5)]
        features = getattr(module, "features", None)
        if isinstance(features, nn.Sequential) and any(isinstance(m, nn.MaxPool2d) for m in features):
            children = list(features.named_children())
            return [f"{prefix}features.{children[i - 1][0]}" for i, (_, m) in enumerate(children)
                    if isinstance(m, nn.MaxPool2d) and i > 0]
    shapes: list[tuple[str, torch.Size]] = []
    hooks = [m.register_forward_hook(lambda _m, _i, out, n=n: shapes.append((n, out.shape))
                                     if isinstance(out, torch.Tensor) else None)
             for n, m in model.named_modules() if n]
    try:
        with torch.no_grad():
            model(pixels[:1])
    finally:
        for h in hooks:
            h.remove()
    layers: list[str] = []
    for (prev_name, prev_shape), (_, shape) in zip(shapes, shapes[1:]):
        if len(shape) != len(prev_shape) or len(shape) != 4:
            break
        if shape[2:] != prev_shape[2:]:
            layers.append(prev_name)
            if tuple(shape[2:]) == (1, 1):
                break
    return layers


@dataclass
class PolyCAM:
    """Poly-CAM (Englebienne et al., ICPR 2022): high-resolution CAMs by backward recursive refinement.

    At each target layer l (deepest first), channel k's activation A_l^k, normalised to [0, 1] and
    upsampled to the input, masks the image; its weight w_l^k is, by ``variant``:
    ``"p"`` (PCAM+) s(x * M), ``"m"`` (PCAM-) relu(s(x) - s(x * (1 - M))), ``"pm"`` (PCAM+/-, the
    paper's default) relu(s(x * M) + s(x) - s(x * (1 - M))), with s the softmax probability of the
    target (sigmoid for a single logit). The layer map is relu(sum_k w_l^k A_l^k); the first (deepest) is
    the CAM; each shallower one is locally normalised at the previous CAM's grid and multiplied by the
    previous CAM, bilinearly upsampled to its own grid. The last (shallowest) CAM, normalised and
    upsampled to the input, is the map. ``layers`` (names in the score model, shallow to deep) default
    to :func:`default_cam_layers`.
    """

    variant: str = "pm"
    layers: tuple[str, ...] | None = None
    batch_size: int = 32
    local_norm: bool = True
    outlier_percent: float = 0.1
    name: str = "poly_cam"

    def __post_init__(self) -> None:
        if self.variant not in ("p", "m", "pm"):
            raise ValueError(f"Poly-CAM variant must be 'p', 'm' or 'pm', not {self.variant!r}")

    def _probability(self, score_model: ScoreModel, x: torch.Tensor) -> torch.Tensor:
        logits = score_model(x).float()
        if logits.shape[-1] == 1:
            return torch.sigmoid(logits[:, 0])
        return torch.softmax(logits, dim=-1)[:, score_model.target]

    def _scores(self, score_model: ScoreModel, x: torch.Tensor, masks: torch.Tensor) -> torch.Tensor:
        return torch.cat([self._probability(score_model, x * masks[i:i + self.batch_size])
                          for i in range(0, masks.shape[0], self.batch_size)])

    def channel_weights(self, score_model: ScoreModel, x: torch.Tensor, activations: torch.Tensor,
                        base: torch.Tensor) -> torch.Tensor:
        """One weight per channel of ``activations`` (1, K, h, w) from the masked images' scores."""
        masks = _percentile_normalise(activations, self.outlier_percent)
        masks = nn.functional.interpolate(masks, size=x.shape[-2:], mode="bilinear").transpose(0, 1)
        if self.variant == "p":
            return self._scores(score_model, x, masks)
        reverse = self._scores(score_model, x, 1.0 - masks)
        if self.variant == "m":
            return torch.relu(base - reverse)
        return torch.relu(self._scores(score_model, x, masks) + base - reverse)

    def layer_cams(self, score_model: ScoreModel, pixels: torch.Tensor) -> list[torch.Tensor]:
        """The refined CAM after each layer, deepest first, each (h_l, w_l) at its layer's resolution."""
        x = (pixels if pixels.ndim == 4 else pixels[None])[:1]
        layers = list(self.layers) if self.layers else default_cam_layers(score_model, x)
        if not layers:
            raise TypeError(f"{type(score_model.net).__name__}: no convolutional layers found for Poly-CAM")
        activations: dict[str, torch.Tensor] = {}
        hooks = [score_model.get_submodule(name).register_forward_hook(
            lambda _m, _i, out, n=name: activations.__setitem__(n, out.detach().float())) for name in layers]
        cams: list[torch.Tensor] = []
        with torch.no_grad():
            try:
                base = self._probability(score_model, x)
            finally:
                for h in hooks:
                    h.remove()
            cam = None
            for name in reversed(layers):
                acts = activations[name]
                weights = self.channel_weights(score_model, x, acts, base)
                layer_map = torch.relu((acts * weights.view(1, -1, 1, 1)).nansum(dim=1, keepdim=True))
                if cam is None:
                    cam = layer_map
                else:
                    if self.local_norm:
                        layer_map = _local_relevance_normalisation(layer_map, tuple(cam.shape[-2:]))
                    cam = layer_map * nn.functional.interpolate(cam, size=layer_map.shape[-2:], mode="bilinear")
                cam = torch.relu(cam)
                cams.append(cam[0, 0])
        return cams

    def __call__(self, score_model: ScoreModel, pixels: torch.Tensor) -> torch.Tensor:
        x = pixels if pixels.ndim == 4 else pixels[None]
        cam = self.layer_cams(score_model, x)[-1]
        full = nn.functional.interpolate(_percentile_normalise(cam[None, None], self.outlier_percent),
                                         size=x.shape[-2:], mode="bilinear")
        return full[0, 0].cpu()


METHODS = {
    "tis": "explain.tis:TIS",
    "rise": "explain.baselines:RISE",
    "input_x_gradient": "explain.baselines:InputXGradient",
    "integrated_gradients": "explain.baselines:IntegratedGradients",
    "occlusion": "explain.baselines:Occlusion",
    "attention_rollout": "explain.baselines:AttentionRollout",
    "grad_cam": "explain.baselines:GradCAM",
    "poly_cam": "explain.baselines:PolyCAM",
}


def make_method(name: str, **options):
    """Instantiate a method by name with its options (unknown options of other methods are ignored)."""
    import dataclasses
    import importlib

    if name not in METHODS:
        raise ValueError(f"unknown saliency method {name!r}; choose from {sorted(METHODS)}")
    module, cls_name = METHODS[name].split(":")
    cls = getattr(importlib.import_module(module), cls_name)
    known = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: v for k, v in options.items() if k in known and k != "name"})
