"""Attention Grad-CAM for text: the attention weights of one layer times their gradients, positive part, averaged
over heads, read on the first token's row (the row the classifier's [CLS] summary is built from):

    map_j = mean_h ReLU( A_h[0, j] * dy / dA_h[0, j] )

the gradient-weighted attention of Chefer et al. (2021) for one layer. At the last layer this is the one place
the gradient does not vanish for a first-token classifier (the [CLS] row of its attention), so the default layer
is the last. Needs a model that returns attention weights (run under eager attention)."""
from __future__ import annotations

from .base import finish, prepare
from .grad_cam import resolve_text_layer, text_layers
from .registry import register


@register("attention_grad_cam", "Grad-CAM (attention)", kind="attention", signed=False, modalities=("text",),
          needs=("gradients", "attentions"), aliases=("grad_attention", "attention_gradient"))
def attention_grad_cam(adapter, x, target=None, output="logit", layer=-1):
    import torch

    from ..attention.extract import eager_attention
    from ..models.torch_utils import eval_mode

    prep = prepare(adapter, x, target, output)
    layers = text_layers(adapter)
    k = resolve_text_layer(adapter, layer, layers)
    model = adapter.model
    emb = prep.inputs().detach().clone().requires_grad_(True)
    mask = torch.ones(emb.shape[:2], dtype=torch.long, device=emb.device)
    with eager_attention(model), eval_mode(model), torch.enable_grad():
        out = model(inputs_embeds=emb, attention_mask=mask, output_attentions=True)
        atts = getattr(out, "attentions", None)
        if not atts or atts[k] is None:
            raise ValueError(f"{type(model).__name__} returned no attention weights; attention Grad-CAM needs a "
                             "model that can return them (output_attentions=True)")
        logits = out.logits if hasattr(out, "logits") else out[0]
        y = adapter.transform(logits, prep.output)
        att = atts[k]  # [1, heads, L, L]
        maps = []
        for j, t in enumerate(prep.targets):
            (g,) = torch.autograd.grad(y[:, t].sum(), att, retain_graph=j < len(prep.targets) - 1)
            maps.append(torch.relu(att[0, :, 0, :] * g[0, :, 0, :]).mean(0))
    scores = torch.stack(maps).detach().double().cpu().numpy()
    diag = {"layer": k, "layer_from_end": k - len(layers), "n_heads": int(att.shape[1])}
    return finish(prep, scores, "attention_grad_cam", {"layer": k}, diag)
