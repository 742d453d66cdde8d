from showcase.demo.accounts import demo_users_load
from showcase.demo.territory import demo_reorganisations_load
from territory.models import Commune


def test_the_demo_applies_both_2025_steps_once_and_has_a_commune_user_of_today(ha_tinh):
    first = demo_reorganisations_load()
    assert "1/1/2025" in first and "1/7/2025" in first
    assert demo_reorganisations_load() == "Territory: the 2025 reorganisations are already in place."
    assert Commune.objects.filter(province=ha_tinh, valid_to__isnull=True).count() == 69
    users = {username: scope for username, _role, scope in demo_users_load()}
    assert "xamoi" in users and "xa" in users
