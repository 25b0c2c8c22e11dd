"""A typical fine-tuning script written for transformers 4.x: `automodel-lint check examples/` finds what v5 breaks."""

import os

import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

MODEL_ID = "facebook/opt-350m"
HF_TOKEN = os.environ.get("HF_TOKEN")

tokenizer = AutoTokenizer.from_pretrained(MODEL_ID, use_auth_token=HF_TOKEN)
model = AutoModelForCausalLM.from_pretrained(
    MODEL_ID,
    load_in_8bit=True,
    device_map="auto",
    torch_dtype=torch.float16,
    use_auth_token=HF_TOKEN,
)

generator = pipeline("text-generation", model=model, tokenizer=tokenizer)
print(generator("Hello, my name is", max_new_tokens=20)[0]["generated_text"])

model.push_to_hub("me/opt-350m-finetuned", use_auth_token=HF_TOKEN)
