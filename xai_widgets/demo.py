"""``python -m xai_widgets.demo``: the main job on the embedded default model (what ``make demo`` runs).

Loads (or, the first time, builds) the default sentiment model, explains three sentences with every core method,
prints a short table and writes one self-contained HTML page that renders offline.
"""
from __future__ import annotations

import argparse
import time

SENTENCES = [
    "This movie is great!",
    "This movie is amazing!",
    "The plot is thin and the acting wooden, yet the final act somehow lands with real emotional force.",
]


def run(out: str = "demo.html", sentences=SENTENCES) -> list:
    import xai_widgets as xw
    from xai_widgets.methods import CORE_METHODS

    t0 = time.perf_counter()
    model = xw.load_model()
    card = model.card
    print(f"model: {card['name']} v{card['version']} — held-out accuracy {card['heldout_accuracy']:.3f} on "
          f"{card['heldout_size']} snippets (built in {card['build_seconds']:.0f} s); loaded in "
          f"{time.perf_counter() - t0:.1f} s")
    comparisons = []
    for text in sentences:
        c = xw.explain(text, model=model, methods=CORE_METHODS, target="all")
        comparisons.append(c)
        first = c[0]
        print(f"\n{text!r}\n  prediction: {first.predicted_label} "
              f"({', '.join(f'{lab} {p:.3f}' for lab, p in zip(first.labels, first.probabilities))})")
        print(f"  {'method':<22} {'seconds':>8}  top tokens for p({first.predicted_label}) (score)")
        for r in c:
            tops = ", ".join(f"{tok} {score:+.3g}" for tok, score in r.top_tokens(3))
            print(f"  {r.method:<22} {r.diagnostics['seconds']:>8.2f}  {tops}")
    from xai_widgets.widgets import TokenHighlight

    ig = CORE_METHODS.index("integrated_gradients")
    views = [TokenHighlight(c, method_index=ig, view="grid" if i == len(comparisons) - 1 else "single")
             for i, c in enumerate(comparisons)]
    xw.save_html(out, *views, title="xai-widgets demo: one sentiment model, eight attribution methods")
    print(f"\nwrote {out} (self-contained; open it in any browser, no network needed) in "
          f"{time.perf_counter() - t0:.1f} s total")
    return comparisons


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="demo.html", help="where to write the HTML page (default: demo.html)")
    args = parser.parse_args(argv)
    run(args.out)


if __name__ == "__main__":
    main()
