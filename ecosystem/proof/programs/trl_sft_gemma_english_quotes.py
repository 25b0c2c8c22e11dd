# source: notebooks/peft/gemma_7b_english_quotes.ipynb

# %%
import os
# from google.colab import userdata  # run-proof: network
os.environ["HF_TOKEN"] = "hf_standin"  # run-proof: network

# %%
# !pip3 install -q -U bitsandbytes==0.42.0
# !pip3 install -q -U peft==0.8.2
# !pip3 install -q -U trl==0.7.10
# !pip3 install -q -U accelerate==0.27.1
# !pip3 install -q -U datasets==2.17.0
# !pip3 install -q -U transformers==4.38.1

# %%
import torch
from transformers import AutoTokenizer, AutoModelForCausalLM, BitsAndBytesConfig, GemmaTokenizer

model_id = "google/gemma-7b"
# bnb_config = BitsAndBytesConfig(  # run-proof: gpu
#     load_in_4bit=True,  # run-proof: gpu
#     bnb_4bit_quant_type="nf4",  # run-proof: gpu
#     bnb_4bit_compute_dtype=torch.bfloat16  # run-proof: gpu
# )  # run-proof: gpu

tokenizer = AutoTokenizer.from_pretrained(model_id, token=os.environ['HF_TOKEN'])
model = AutoModelForCausalLM.from_pretrained(model_id, token=os.environ['HF_TOKEN'])  # run-proof: gpu

# %%
text = "Quote: Imagination is more"
device = "cpu"  # run-proof: gpu
inputs = tokenizer(text, return_tensors="pt").to(device)

outputs = model.generate(**inputs, max_new_tokens=20)
print(tokenizer.decode(outputs[0], skip_special_tokens=True))

# %%
os.environ["WANDB_DISABLED"] = "true"

# %%
from peft import LoraConfig

lora_config = LoraConfig(
    r=8,
    target_modules=["q_proj", "o_proj", "k_proj", "v_proj", "gate_proj", "up_proj", "down_proj"],
    task_type="CAUSAL_LM",
)

# %%
from datasets import load_dataset

data = load_dataset("Abirate/english_quotes")
data = data.map(lambda samples: tokenizer(samples["quote"]), batched=True)

# %%
import transformers
from trl import SFTTrainer

def formatting_func(example):
    text = f"Quote: {example['quote'][0]}\nAuthor: {example['author'][0]}"
    return [text]

trainer = SFTTrainer(
    model=model,
    train_dataset=data["train"],
    args=transformers.TrainingArguments(
        per_device_train_batch_size=1,
        gradient_accumulation_steps=4,
        warmup_steps=2,
        max_steps=10,
        learning_rate=2e-4,
        fp16=False,  # run-proof: gpu
        logging_steps=1,
        output_dir="outputs",
        optim="adamw_torch"  # run-proof: gpu
    ),
    peft_config=lora_config,
    formatting_func=formatting_func,
)
trainer.train()

# %%
text = "Quote: Imagination is"
device = "cpu"  # run-proof: gpu
inputs = tokenizer(text, return_tensors="pt").to(device)

outputs = model.generate(**inputs, max_new_tokens=20)
print(tokenizer.decode(outputs[0], skip_special_tokens=True))

# %%

