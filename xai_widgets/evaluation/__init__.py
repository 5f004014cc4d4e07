"""Evaluation of explanations: self-describing metrics (``metric.py``) by family (faithfulness, plausibility,
agreement, stability, sanity), and the dataset runner ``evaluate`` (``runner.py``)."""
from .agreement import AGREEMENT_METRICS, agreement, agreement_matrix
from .faithfulness import (ERASER_BINS, FAITHFULNESS_METRICS, FERRET_BINS, FaithfulnessPlan, FaithfulnessResult,
                           faithfulness, run_plans)
from .metric import Metric, MetricSpec, PerturbationMetric, RationaleMetric, available_metrics, get_metric, register_metric
from .plausibility import PLAUSIBILITY_METRICS, plausibility
from .estimate import EvaluationEstimate, estimate_evaluation
from .result import EvaluationResult
from .runner import default_texts, evaluate
from .sanity import SanityResult, cascading_randomization, parameter_checksum
from .stability import STABILITY_METRICS, StabilityResult, stability, stability_of

__all__ = ["evaluate", "estimate_evaluation", "EvaluationEstimate", "default_texts", "EvaluationResult", "faithfulness", "FaithfulnessPlan",
           "FaithfulnessResult", "run_plans", "plausibility", "agreement", "agreement_matrix", "stability",
           "stability_of", "StabilityResult", "cascading_randomization", "SanityResult", "parameter_checksum",
           "Metric", "MetricSpec", "PerturbationMetric", "RationaleMetric", "available_metrics", "get_metric", "register_metric", "FAITHFULNESS_METRICS",
           "PLAUSIBILITY_METRICS", "AGREEMENT_METRICS", "STABILITY_METRICS", "ERASER_BINS", "FERRET_BINS"]
