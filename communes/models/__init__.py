"""The NTM criteria catalogue, official recognition decisions, and progress: assessments, their
results and the review workflow; recognition dossiers, district assessments, model villages and
gardens. The territory (provinces, districts, communes) is `territory`. One module per subject;
every model is importable from `communes.models`."""

from communes.models.assessments import (
    EVIDENCE_EXTENSIONS, EVIDENCE_MAX_BYTES, VALUE_LIMIT, Assessment, CommuneGroupAssignment, CommuneYearResult,
    CriterionResult, Review,
)
from communes.models.catalogue import LEVEL_RANK, CommuneGroup, CriteriaSet, Criterion, Indicator, Level, Threshold
from communes.models.districts import DistrictAssessment, DistrictYearResult, DistrictReview
from communes.models.dossiers import RecognitionDossier, DossierStep
from communes.models.model_sites import ModelSiteKind, ModelSite, ModelSiteTotal
from communes.models.recognitions import Recognition

__all__ = [
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_EXTENSIONS",
    "VALUE_LIMIT",
    "Assessment",
    "CriterionResult",
    "CommuneYearResult",
    "Review",
    "CommuneGroupAssignment",
    "Level",
    "LEVEL_RANK",
    "CriteriaSet",
    "Criterion",
    "Indicator",
    "CommuneGroup",
    "Threshold",
    "DistrictAssessment",
    "DistrictYearResult",
    "DistrictReview",
    "RecognitionDossier",
    "DossierStep",
    "ModelSiteKind",
    "ModelSite",
    "ModelSiteTotal",
    "Recognition",
]
