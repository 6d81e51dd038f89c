"""Vision-language data and fine-tuning: structured reports, guards, VQA pairs, HF export, QLoRA.

The reference pipeline's last step: a local LLM rewrote every pseudonymised report into a standard
form and generated question-answer pairs, then a VLM (Idefics2) was fine-tuned on both with QLoRA.
This package holds that logic; the stages (`structure-reports`, `vqa`, `export`) and the
`pipeline finetune-vlm` command call it.
"""
