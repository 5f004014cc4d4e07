"""Errors and warnings raised by xai_widgets, so callers can catch them by kind."""


class XaiWidgetsWarning(UserWarning):
    """Base class of the library's warnings."""


class TruncationWarning(XaiWidgetsWarning):
    """The input was longer than the model accepts and was cut; the dropped tokens are not explained."""


class CapabilityError(TypeError):
    """A method needs something the model does not offer (gradients, attentions, trees, ...), or does not apply to
    this kind of model at all. The message names the missing capability and the methods that would work."""


class GradientUnavailableError(CapabilityError):
    """A gradient method was asked of a model that cannot give gradients with respect to its inputs."""


class AttentionUnavailableError(RuntimeError):
    """The model cannot give attention weights (no ``output_attentions``, or no eager attention)."""


class NonFiniteError(ValueError):
    """A method's scores (or the model's outputs) came out NaN or infinite: the result would be silently wrong, so
    none is returned. The message names the method, how many scores and the parameters used."""
