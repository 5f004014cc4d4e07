"""Attribution methods, one module each; importing this package registers them all."""
from . import (attention_flow, attention_rollout, gradient_shap, gradient_x_input,  # noqa: F401
               integrated_gradients, lime, occlusion, saliency, shap, smoothgrad)

CORE_METHODS = ["saliency", "gradient_x_input", "integrated_gradients", "smoothgrad", "gradient_shap", "occlusion",
                "lime", "shap"]
