"""Attribution methods, one module each; importing this package registers them all."""
from . import (gradient_shap, gradient_x_input, integrated_gradients, lime, occlusion, saliency, shap,  # noqa: F401
               smoothgrad)

CORE_METHODS = ["saliency", "gradient_x_input", "integrated_gradients", "smoothgrad", "gradient_shap", "occlusion",
                "lime", "shap"]
