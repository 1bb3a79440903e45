from . import test_assessment, test_scoring_core, test_tour
