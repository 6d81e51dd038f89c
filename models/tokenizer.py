"""Tokenizers: an XLM-R-like Unigram tokenizer trained on the fly (tests, demo) and report text cleaning.

Production copies the real XLM-R tokenizer from a local path / the HF cache; offline runs train a small
SentencePiece-style (Unigram + Metaspace) tokenizer with the XLM-R special-token layout
(``<s>=0, <pad>=1, </s>=2, <unk>=3, <mask>=4``) so the same code and text tower config serve both.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from tokenizers import Tokenizer, decoders, normalizers, pre_tokenizers, processors, trainers
from tokenizers.models import Unigram

SPECIAL_TOKENS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]

_BULLETS = re.compile(r"[\u2022\u25cf\u25aa\u25a0\u2023\u2043\u00b7]")
_RULES = re.compile(r"([-_=*~.])\1{3,}")
_SPACES = re.compile(r"[ \t\u00a0]+")
_NEWLINES = re.compile(r"\s*\n\s*")


def clean_report_text(text: str | None) -> str:
    """Normalise a report for the text tower: NFC, no bullets/rules/control chars, one line.

    Sentence boundaries survive as '. ' so the tokenizer still sees them; case is kept (XLM-R is cased).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = _BULLETS.sub(" ", text)
    text = _RULES.sub(" ", text)
    lines = [ln.strip(" :;-") for ln in _NEWLINES.split(text)]
    lines = [ln for ln in lines if ln]
    joined = " ".join(ln if ln[-1] in ".!?" else ln + "." for ln in lines)
    return _SPACES.sub(" ", joined).strip()


# Paragraph leads of administrative content (identity, addressing, logistics, courtesy) and of the clinical
# indication (history, dates, symptoms): no image signal.
_ADMIN_LEADS = re.compile(
    r"^(patient|patiente|concerne|nom|niss|identifiant|dossier|date|examen du|examen réalisé|n° d'examen|"
    r"médecin|demandé|envoyé|adressé|copie|protocole|images disponibles|rendez-vous|secrétariat|cher|chère|bien |"
    r"confraternellement|résultat transmis|dr\b|pr\b|docteur|professeur|antécédents|technique|"
    r"incidences réalisées|comparaison|pour |merci|signé|validé|indication|motif|renseignements cliniques|"
    r"contexte clinique|clinique|histoire)",
    re.IGNORECASE,
)
_PLACE_DATE = re.compile(r"^[\w' -]{2,40}, le ", re.IGNORECASE)
_CONCLUSION_LEADS = re.compile(r"^(en )?(conclusion|au total|impression|synthèse|résumé)", re.IGNORECASE)


def focus_report(text: str | None) -> str:
    """Keep what an image can support, conclusion first: the text the CLIP text tower sees.

    Drops administrative paragraphs (identity, referrer, dates, logistics, courtesy, technique, history,
    indication)
    and moves the conclusion to the front so truncation to the context length keeps it; the exam title
    (body part, side) stays. Then :func:`clean_report_text`.
    """
    if not text:
        return ""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", str(text)) if p.strip()]
    if len(paragraphs) <= 1:
        return clean_report_text(text)
    conclusions, others = [], []
    for i, para in enumerate(paragraphs):
        if _ADMIN_LEADS.match(para) or _PLACE_DATE.match(para):
            continue
        if _CONCLUSION_LEADS.match(para):
            conclusions.append(para)
        elif i == 0 or len(para) > 2:
            others.append(para)
    kept = conclusions + others
    return clean_report_text("\n".join(kept) if kept else text)


def train_tokenizer(texts: Iterable[str], out_dir: str | Path, vocab_size: int = 2000, lowercase: bool = True) -> Path:
    """Train an XLM-R-like Unigram tokenizer on ``texts`` and save it as an HF fast tokenizer.

    The directory loads with ``transformers.AutoTokenizer.from_pretrained(out_dir)`` and hence with
    open_clip's ``HFTokenizer``. ``lowercase`` (default) folds case in the normaliser: a small vocabulary
    then spends no pieces on 'CONCLUSION'/'Conclusion' or 'FRACTURE'/'Fracture' variants, and a prompt
    tokenises like the reports however they are capitalised.
    """
    from transformers import PreTrainedTokenizerFast

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tok = Tokenizer(Unigram())
    steps = [normalizers.NFKC(), normalizers.Replace(r"\s+", " ")] + ([normalizers.Lowercase()] if lowercase else [])
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    trainer = trainers.UnigramTrainer(
        vocab_size=vocab_size, special_tokens=SPECIAL_TOKENS, unk_token="<unk>", show_progress=False
    )
    tok.train_from_iterator((clean_report_text(t) for t in texts), trainer=trainer)
    bos, eos = tok.token_to_id("<s>"), tok.token_to_id("</s>")
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", bos), ("</s>", eos)]
    )
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        bos_token="<s>",
        eos_token="</s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
        cls_token="<s>",
        sep_token="</s>",
    )
    fast.save_pretrained(str(out))
    return out
