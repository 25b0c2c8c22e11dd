"""The pipelines transformers 5 removed, written out as functions that keep their 4.x call shape and output keys.

HF107's unsafe fix puts one of these above the statement that built the pipeline and calls it instead of
`pipeline`, with the same arguments: `pipeline("summarization", model=m)` becomes `summarization_pipeline(
"summarization", model=m)`, which returns a function that takes what the 4.x pipeline took and returns what it
returned (`[{"summary_text": ...}]`, `{"answer", "score", "start", "end"}`). The bodies do what 4.57's
`Text2TextGenerationPipeline` subclasses and `QuestionAnsweringPipeline` did, with the model class, its tokenizer
and `generate` (or the span arithmetic), and run unchanged under 4.x and 5.x.
"""

from __future__ import annotations

from dataclasses import dataclass

# What every written-out function's docstring says: other rules tell its code from the program's by it.
WRITTEN_MARK = "(written by automodel-lint)"

# What every shim does with the pipeline's own arguments: load the model and tokenizer as `pipeline()` did.
_LOAD = """\
    loading = ("revision", "token", "trust_remote_code", "device_map", "torch_dtype", "dtype", "config")
    load = {{key: kwargs.pop(key) for key in loading if key in kwargs}}
    load.update(kwargs.pop("model_kwargs", None) or {{}})
    chosen = {{key: kwargs.pop(key) for key in ("use_fast",) if key in kwargs}}  # the tokenizer's, when given
    for key in ("framework", "batch_size", "num_workers", "feature_extractor", "image_processor"):
        kwargs.pop(key, None)
    if isinstance(model, str):
        model = {model_class}.from_pretrained(model, **load)
    if tokenizer is None or isinstance(tokenizer, str):
        named = {{key: value for key, value in load.items() if key in ("revision", "token")}}
        tokenizer = AutoTokenizer.from_pretrained(tokenizer or model.config.name_or_path, **named, **chosen)
    if device is not None and "device_map" not in load:
        if isinstance(device, int):  # 4.x: an index no accelerator has meant the CPU
            device = f"cuda:{{device}}" if device >= 0 and torch.cuda.is_available() else "cpu"
        model = model.to(device)
    model.eval()
"""

_GENERATE = '''\
def {name}(task="{task}", model=None, *, tokenizer=None, device=None, **kwargs):
    """The pipeline transformers 5 removed, as 4.x ran it: the model class, its tokenizer and `generate`.
    Returns a function that takes and returns what the pipeline did (written by automodel-lint)."""
    import copy

    import torch
    from transformers import {model_class}, AutoTokenizer, GenerationConfig

{load}
    generation = GenerationConfig(max_new_tokens=256, num_beams=4)  # the 4.x pipeline's defaults
    own = model.generation_config.to_diff_dict()  # then the model's own settings
    generation.update(**{{key: value for key, value in own.items() if key != "transformers_version"}})
    defaults = generation.update(**kwargs)  # what is not a generation setting goes to each call
    if generation.max_new_tokens == 256 and generation.max_length not in (None, 20):
        generation.max_new_tokens = None  # a max_length of its own wins over the default
    specific = getattr(model.config, "task_specific_params", None) or {{}}  # 5.x keeps it where saved
    params = dict(specific.get(task) or {{}})
    if task == "translation":  # 4.x took the model's first translation_xx_to_yy parameters
        found = [dict(value) for key, value in specific.items() if key.startswith("translation")]
        params = found[0] if found else params
    prefix = params.pop("prefix", getattr(model.config, "prefix", None) or "")
    generation.update(**params)
    if tokenizer.pad_token_id is not None and generation.pad_token_id is None:
        generation.pad_token_id = tokenizer.pad_token_id

    def run(inputs, **call):
        options = {{**defaults, **call}}
        clean = options.pop("clean_up_tokenization_spaces", False)
        truncation = options.pop("truncation", False)
        for key in ("return_text", "return_tensors", "src_lang", "tgt_lang", "batch_size"):
            options.pop(key, None)
        config = copy.deepcopy(generation)
        options = config.update(**options)  # the call's generation settings over the pipeline's
        single = isinstance(inputs, str)
        results = []
        for text in [inputs] if single else list(inputs):
            encoded = tokenizer(prefix + text, truncation=truncation, return_tensors="pt")
            encoded.pop("token_type_ids", None)
            with torch.no_grad():
                output = model.generate(**encoded.to(model.device), generation_config=config, **options)
            texts = tokenizer.batch_decode(output, skip_special_tokens=True, clean_up_tokenization_spaces=clean)
            results.append([{{"{key}": text}} for text in texts])
        if single:
            return results[0]
        return [result[0] for result in results] if all(len(found) == 1 for found in results) else results

    run.model, run.tokenizer, run.task = model, tokenizer, task
    return run
'''

_QUESTION_ANSWERING = '''\
def {name}(task="{task}", model=None, *, tokenizer=None, device=None, **kwargs):
    """The pipeline transformers 5 removed, as 4.x ran it: the model class, its tokenizer and the span arithmetic.
    Returns a function that takes and returns what the pipeline did (written by automodel-lint)."""
    import numpy as np
    import torch
    from transformers import {model_class}, AutoTokenizer

{load}
    settings = {{"top_k": 1, "doc_stride": None, "max_answer_len": 15, "max_seq_len": None}}
    settings.update(handle_impossible_answer=False, align_to_words=True)

    def spans(question, context, top_k, doc_stride, max_answer_len, max_seq_len, **flags):
        handle_impossible_answer, align_to_words = flags["handle_impossible_answer"], flags["align_to_words"]
        max_seq_len = max_seq_len or min(tokenizer.model_max_length, 384)
        doc_stride = doc_stride or min(max_seq_len // 2, 128)
        encoded = tokenizer(
            question, context, truncation="only_second", max_length=max_seq_len, stride=doc_stride,
            return_overflowing_tokens=True, return_offsets_mapping=True,
        )
        answers, null = [], 1000000.0
        for index, ids in enumerate(encoded["input_ids"]):
            names = [name for name in tokenizer.model_input_names if name in encoded]
            with torch.no_grad():
                output = model(**{{name: torch.tensor([encoded[name][index]], device=model.device) for name in names}})
            # the context's tokens, and the CLS token, which some models use to say there is no answer
            wanted = np.array([part == 1 for part in encoded.sequence_ids(index)])
            wanted |= np.array(ids) == tokenizer.cls_token_id
            wanted &= np.array(encoded["attention_mask"][index], dtype=bool)
            logits = (output.start_logits, output.end_logits)
            start, end = (np.where(wanted, found[0].float().cpu().numpy(), -10000.0) for found in logits)
            start, end = (np.exp(x - x.max()) / np.exp(x - x.max()).sum() for x in (start, end))
            null = min(null, float(start[0] * end[0]))
            start[0] = end[0] = 0.0
            scores = np.tril(np.triu(np.outer(start, end)), max_answer_len - 1)
            flat, count = scores.flatten(), top_k * 2 + 10 if align_to_words else top_k
            if count == 1:
                order = [np.argmax(flat)]
            elif len(flat) < count:
                order = np.argsort(-flat)
            else:
                order = np.argpartition(-flat, count)[:count]
                order = order[np.argsort(-flat[order])]
            piece = encoded.encodings[index]
            for first, last in zip(*np.unravel_index(order, scores.shape)):
                if not (wanted[first] and wanted[last]):
                    continue
                begin, stop = piece.offsets[first][0], piece.offsets[last][1]
                if align_to_words:
                    try:
                        begin = piece.word_to_chars(piece.token_to_word(first), sequence_index=1)[0]
                        stop = piece.word_to_chars(piece.token_to_word(last), sequence_index=1)[1]
                    except Exception:  # a tokenizer without words: the offsets
                        begin, stop = piece.offsets[first][0], piece.offsets[last][1]
                text = context[begin:stop]
                same = [answer for answer in answers if answer["answer"].lower() == text.lower()]
                if same:
                    same[0]["score"] += float(scores[first, last])
                else:
                    answers.append({{"score": float(scores[first, last]), "start": begin, "end": stop, "answer": text}})
        if handle_impossible_answer:
            answers.append({{"score": null, "start": 0, "end": 0, "answer": ""}})
        answers = sorted(answers, key=lambda answer: answer["score"], reverse=True)[:top_k]
        return answers[0] if len(answers) == 1 else answers

    def run(*args, **call):
        options = {{**settings, **{{key: kwargs[key] for key in kwargs if key in settings}}}}
        options.update({{key: call.pop(key) for key in list(call) if key in settings}})
        if "topk" in call:
            options["top_k"] = call.pop("topk")
        examples = args[0] if args else call.get("data", call.get("X"))
        if examples is None:
            question, context = call["question"], call["context"]
            if isinstance(question, str) and isinstance(context, str):
                return spans(question, context, **options)
            questions = [question] * len(context) if isinstance(question, str) else list(question)
            contexts = [context] * len(questions) if isinstance(context, str) else list(context)
            examples = [{{"question": q, "context": c}} for q, c in zip(questions, contexts)]
        if isinstance(examples, dict):
            return spans(examples["question"], examples["context"], **options)
        return [spans(example["question"], example["context"], **options) for example in examples]

    run.model, run.tokenizer, run.task = model, tokenizer, task
    return run
'''


@dataclass(frozen=True)
class Shim:
    """How one removed task is written out: the function's name, the model class it loads, what it returns."""

    name: str
    model_class: str
    key: str | None  # the generated text's key; None for question answering

    def source(self, task: str) -> str:
        """The function's code, at the top level (a fix indents it to where it goes)."""
        load = _LOAD.format(model_class=self.model_class)
        if self.key is None:
            return _QUESTION_ANSWERING.format(name=self.name, task=task, model_class=self.model_class, load=load)
        return _GENERATE.format(name=self.name, task=task, model_class=self.model_class, load=load, key=self.key)


# the removed task (its family, for translation_xx_to_yy) -> how it is written out
SHIMS = {
    "summarization": Shim("summarization_pipeline", "AutoModelForSeq2SeqLM", "summary_text"),
    "translation": Shim("translation_pipeline", "AutoModelForSeq2SeqLM", "translation_text"),
    "text2text-generation": Shim("text2text_generation_pipeline", "AutoModelForSeq2SeqLM", "generated_text"),
    "question-answering": Shim("question_answering_pipeline", "AutoModelForQuestionAnswering", None),
}
