from videreforing.rules import phases


def test_pre_study_needs_no_override():
    assert not phases.start_needs_override("pre_study", None)


def test_pre_project_needs_approved_pre_study():
    assert phases.start_needs_override("pre_project", None)
    assert phases.start_needs_override("pre_project", "rework")
    assert phases.start_needs_override("pre_project", "stopped")
    assert not phases.start_needs_override("pre_project", "approved")


def test_previous_phase_order():
    assert phases.previous_phase("main_project") == "pre_project"
    assert phases.previous_phase("pre_study") is None
