from . import test_assessment, test_host_models, test_scoring_core, test_tour
