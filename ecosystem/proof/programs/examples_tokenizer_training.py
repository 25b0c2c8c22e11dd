# source: notebooks/examples/tokenizer_training.ipynb

# %%
#! pip install datasets transformers[sentencepiece]

# %%
from datasets import load_dataset

# %%
dataset = load_dataset("wikitext", name="wikitext-2-raw-v1", split="train")

# %%
dataset

# %%
dataset[1]

# %%
dataset[:5]

# %%
batch_size = 1000
all_texts = [dataset[i : i + batch_size]["text"] for i in range(0, len(dataset), batch_size)]

# %%
def batch_iterator():
    for i in range(0, len(dataset), batch_size):
        yield dataset[i : i + batch_size]["text"]

# %%
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("gpt2")

# %%
tokenizer.is_fast

# %%
new_tokenizer = tokenizer.train_new_from_iterator(batch_iterator(), vocab_size=25000)

# %%
new_tokenizer(dataset[:5]["text"])

# %%
new_tokenizer.save_pretrained("my-new-tokenizer")

# %%
from huggingface_hub import notebook_login

notebook_login()

# %%
# !apt install git-lfs

# %%
new_tokenizer.push_to_hub("my-new-shiny-tokenizer")

# %%
tok = new_tokenizer.from_pretrained("my-new-tokenizer")

# %%
from tokenizers import decoders, models, normalizers, pre_tokenizers, processors, trainers, Tokenizer

tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))

# %%
tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)

# %%
tokenizer.normalizer = normalizers.Sequence(
    [normalizers.NFD(), normalizers.Lowercase(), normalizers.StripAccents()]
)

# %%
tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()

# %%
tokenizer.pre_tokenizer.pre_tokenize_str("This is an example!")

# %%
special_tokens = ["[UNK]", "[PAD]", "[CLS]", "[SEP]", "[MASK]"]
trainer = trainers.WordPieceTrainer(vocab_size=25000, special_tokens=special_tokens)

# %%
tokenizer.train_from_iterator(batch_iterator(), trainer=trainer)

# %%
cls_token_id = tokenizer.token_to_id("[CLS]")
sep_token_id = tokenizer.token_to_id("[SEP]")
print(cls_token_id, sep_token_id)

# %%
tokenizer.post_processor = processors.TemplateProcessing(
    single=f"[CLS]:0 $A:0 [SEP]:0",
    pair=f"[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1",
    special_tokens=[
        ("[CLS]", cls_token_id),
        ("[SEP]", sep_token_id),
    ],
)

# %%
encoding = tokenizer.encode("This is one sentence.", "With this one we have a pair.")

# %%
encoding.tokens

# %%
encoding.type_ids

# %%
tokenizer.decoder = decoders.WordPiece(prefix="##")

# %%
from transformers import BertTokenizerFast

new_tokenizer = BertTokenizerFast(tokenizer_object=tokenizer)

# %%
tokenizer = Tokenizer(models.BPE())

# %%
tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)

# %%
tokenizer.pre_tokenizer.pre_tokenize_str("This is an example!")

# %%
trainer = trainers.BpeTrainer(vocab_size=25000, special_tokens=["<|endoftext|>"])
tokenizer.train_from_iterator(batch_iterator(), trainer=trainer)

# %%
tokenizer.post_processor = processors.ByteLevel(trim_offsets=False)
tokenizer.decoder = decoders.ByteLevel()

# %%
from transformers import GPT2TokenizerFast

new_tokenizer = GPT2TokenizerFast(tokenizer_object=tokenizer)

# %%
tokenizer = Tokenizer(models.Unigram())

# %%
tokenizer.normalizer = normalizers.Sequence(
    [normalizers.Replace("``", '"'), normalizers.Replace("''", '"'), normalizers.Lowercase()]
)
tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()

# %%
tokenizer.pre_tokenizer.pre_tokenize_str("This is an example!")

# %%
trainer = trainers.UnigramTrainer(vocab_size=25000, special_tokens=["[CLS]", "[SEP]", "<unk>", "<pad>", "[MASK]"], unk_token="<unk>")
tokenizer.train_from_iterator(batch_iterator(), trainer=trainer)

# %%
cls_token_id = tokenizer.token_to_id("[CLS]")
sep_token_id = tokenizer.token_to_id("[SEP]")

# %%
tokenizer.post_processor = processors.TemplateProcessing(
    single="[CLS]:0 $A:0 [SEP]:0",
    pair="[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1",
    special_tokens=[
        ("[CLS]", cls_token_id),
        ("[SEP]", sep_token_id),
    ],
)
tokenizer.decoder = decoders.Metaspace()

# %%
from transformers import AlbertTokenizerFast

new_tokenizer = AlbertTokenizerFast(tokenizer_object=tokenizer)

# %%

