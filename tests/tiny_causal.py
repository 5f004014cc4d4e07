"""Tiny randomly initialised causal LMs (GPT-2, Llama) with the byte-level BPE tokenizer of tiny_models,
built offline."""
from __future__ import annotations

import functools

import torch

from tiny_models import bpe_tokenizer


@functools.lru_cache(maxsize=None)
def causal_tokenizer():
    """The BPE tokenizer without RoBERTa's <s> ... </s> wrapping (GPT-2 style): BOS is added by the Llama
    builder only."""
    from tokenizers import processors
    from transformers import PreTrainedTokenizerFast

    base = bpe_tokenizer()
    tok = base.backend_tokenizer.__class__.from_str(base.backend_tokenizer.to_str())
    tok.post_processor = processors.ByteLevel(trim_offsets=True)
    return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>",
                                   unk_token="<unk>", model_max_length=128)


@functools.lru_cache(maxsize=None)
def bos_tokenizer():
    """Llama style: <s> prepended to every input."""
    from tokenizers import processors
    from transformers import PreTrainedTokenizerFast

    base = bpe_tokenizer()
    tok = base.backend_tokenizer.__class__.from_str(base.backend_tokenizer.to_str())
    bos = tok.token_to_id("<s>")
    tok.post_processor = processors.Sequence([
        processors.ByteLevel(trim_offsets=True),
        processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", bos)]),
    ])
    return PreTrainedTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", pad_token="<pad>",
                                   unk_token="<unk>", model_max_length=128)


def tiny_causal(kind: str, seed: int = 0, attn_implementation: str = "sdpa"):
    """(model, tokenizer) for kind in {'gpt2', 'llama'}; eval mode, random weights, SDPA attention by default."""
    from transformers import GPT2Config, GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    if kind == "gpt2":
        tok = causal_tokenizer()
        cfg = GPT2Config(vocab_size=len(tok), n_embd=32, n_layer=2, n_head=4, n_positions=128,
                         bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id)
        cfg._attn_implementation = attn_implementation
        model = GPT2LMHeadModel(cfg)
    elif kind == "llama":
        tok = bos_tokenizer()
        cfg = LlamaConfig(vocab_size=len(tok), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                          num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                          bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
        cfg._attn_implementation = attn_implementation
        model = LlamaForCausalLM(cfg)
    else:
        raise ValueError(kind)
    model.eval()
    return model, tok
