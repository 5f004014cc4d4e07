"""Errors and warnings raised by xai_widgets, so callers can catch them by kind."""


class XaiWidgetsWarning(UserWarning):
    """Base class of the library's warnings."""


class TruncationWarning(XaiWidgetsWarning):
    """The input was longer than the model accepts and was cut; the dropped tokens are not explained."""


class GradientUnavailableError(TypeError):
    """A gradient method was asked of a model that cannot give gradients with respect to its inputs."""
