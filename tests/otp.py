"""Two-factor helpers for tests: a confirmed authenticator for a user, the code it
shows now, and a test client session counted as confirmed with it."""

from django.contrib.auth import get_user_model
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lscb.two_factor import DEVICE_NAME, requires_two_factor

ORIGINAL_FORCE_LOGIN = Client.force_login


def confirmed_device(user):
    """The user's confirmed TOTP device (made if they have none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)


def authenticator_for(username):
    """A confirmed authenticator for a user who needs one (None for viewers)."""
    user = get_user_model().objects.get(username=username)
    return confirmed_device(user) if requires_two_factor(user) else None


def code_for(device):
    """The code the authenticator app shows now. Clears the device's record of the last
    code used, so a test may sign in twice within one 30-second step."""
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def mark_verified(client, device):
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def verified_force_login(client, user, backend=None):
    """``Client.force_login`` that also counts the session as two-factor confirmed for
    the users who need it (managers, chairs, administrators)."""
    ORIGINAL_FORCE_LOGIN(client, user, backend)
    if requires_two_factor(user):
        mark_verified(client, confirmed_device(user))
