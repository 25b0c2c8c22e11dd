# source: notebooks/course/en/chapter2/section2_pt.ipynb

# %%
# !pip install datasets evaluate transformers[sentencepiece]

# %%
from transformers import pipeline

classifier = pipeline("sentiment-analysis")
classifier(
    [
        "I've been waiting for a HuggingFace course my whole life.",
        "I hate this so much!",
    ]
)

# %%
from transformers import AutoTokenizer

checkpoint = "distilbert-base-uncased-finetuned-sst-2-english"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)

# %%
raw_inputs = [
    "I've been waiting for a HuggingFace course my whole life.",
    "I hate this so much!",
]
inputs = tokenizer(raw_inputs, padding=True, truncation=True, return_tensors="pt")
print(inputs)

# %%
from transformers import AutoModel

checkpoint = "distilbert-base-uncased-finetuned-sst-2-english"
model = AutoModel.from_pretrained(checkpoint)

# %%
outputs = model(**inputs)
print(outputs.last_hidden_state.shape)

# %%
from transformers import AutoModelForSequenceClassification

checkpoint = "distilbert-base-uncased-finetuned-sst-2-english"
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
outputs = model(**inputs)

# %%
print(outputs.logits.shape)

# %%
print(outputs.logits)

# %%
import torch

predictions = torch.nn.functional.softmax(outputs.logits, dim=-1)
print(predictions)

# %%
model.config.id2label
