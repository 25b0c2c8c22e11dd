# source: Transformers-Tutorials/DiT/Inference_with_DiT_(Document_Image_Transformer)_for_document_image_classification.ipynb

# %%
# !pip install -q transformers datasets

# %%
from datasets import load_dataset

dataset = load_dataset("nielsr/rvlcdip-demo")

# %%
dataset['train'][0]['image']

# %%
dataset['train'][0]['label']

# %%
dataset['train'].features

# %%
labels = dataset['train'].features['label'].names
print(labels[4])

# %%
from transformers import AutoFeatureExtractor, AutoModelForImageClassification

feature_extractor = AutoFeatureExtractor.from_pretrained("microsoft/dit-base-finetuned-rvlcdip")
model = AutoModelForImageClassification.from_pretrained("microsoft/dit-base-finetuned-rvlcdip")

# %%
import torch

image = dataset['train'][0]['image'].convert("RGB")

# prepare image for model (resize + normalize)
inputs = feature_extractor(image, return_tensors="pt")

# forward pass
with torch.no_grad():
  outputs = model(**inputs)
  logits = outputs.logits

# model predicts one of the 16 RVL-CDIP classes
predicted_class_idx = logits.argmax(-1).item()
print("Predicted class:", model.config.id2label[predicted_class_idx])

# %%
from datasets import Features, Array3D

# we need to define the features ourselves as set_format won't work otherwise
features = Features({
    **dataset['train'].features,
    'pixel_values': Array3D(dtype="float32", shape=(3, 224, 224))
})

encoded_dataset = dataset.map(lambda examples: feature_extractor([image.convert('RGB') for image in examples['image']]), batched=True,
                              features=features)

# %%
encoded_dataset

# %%
encoded_dataset.set_format(type='torch', columns=['pixel_values', 'label'])
dataloader = torch.utils.data.DataLoader(encoded_dataset['train'], batch_size=2)

# %%
batch = next(iter(dataloader))
for k,v in batch.items():
  print(k,v.shape)

# %%
from datasets import load_metric
from tqdm.notebook import tqdm

metric = load_metric("accuracy")

for batch in tqdm(dataloader):
  with torch.no_grad():
    outputs = model(batch['pixel_values'])
    logits = outputs.logits
  
  metric.add_batch(predictions=logits.argmax(-1).tolist(), references=batch['label'].tolist())

accuracy = metric.compute()['accuracy']

print("Accuracy on this tiny dataset:", accuracy)

# %%

