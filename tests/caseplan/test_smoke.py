from privacy.models import AccessLog


def test_owner_sees_case_page(world):
    response = world.client_for("owner").get(f"/casussen/{world.case.pk}/")
    assert response.status_code == 200
    assert "Jansen" in response.content.decode()
    assert AccessLog.objects.filter(case_id=world.case.pk).count() == 1
