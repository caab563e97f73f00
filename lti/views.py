"""LTI 1.3 endpoints: OIDC login initiation, launch (reading list or deep-linking picker), deep-linking return, JWKS."""

import logging
from functools import wraps
from urllib.parse import parse_qs, urlencode, urlsplit

from csp.constants import SELF as CSP_SELF
from django.core import signing
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from courses.models import Course, Unit
from courses.syllabus import syllabus_page_units
from literature.citations import DEFAULT_STYLE
from literature.style_choice import style_context
from lti.launch import (
    CLAIM,
    DEEP_LINKING_REQUEST,
    DL_CLAIM,
    STORAGE_TARGET,
    LaunchError,
    deep_linking_response,
    validate_launch,
)
from lti.models import Platform, ToolKey, url_origin
from lti.state import delete_state_cookie, new_state, set_state_cookie
from lti.storage import STORAGE_FAILED, continuation_token, redeem_continuation

logger = logging.getLogger("lti")

DEEP_LINK_SALT = "lti.deep-link"
DEEP_LINK_MAX_AGE_SECONDS = 3600
RESOURCE_LINK = "ltiResourceLink"


def frame_ancestors() -> list[str]:
    origins = []
    for platform in Platform.objects.filter(active=True):
        origins += platform.origins()
    return list(dict.fromkeys(origins))


def embeddable(view):
    """Frameable by the registered platforms only: CSP frame-ancestors, and no X-Frame-Options DENY."""

    exempt_view = xframe_options_exempt(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = exempt_view(request, *args, **kwargs)
        origins = frame_ancestors()
        if origins:  # django-csp's middleware puts this in place of the site-wide frame-ancestors 'none'
            response._csp_replace = {**getattr(response, "_csp_replace", {}), "frame-ancestors": origins}
        else:  # nobody may frame us: keep X-Frame-Options DENY too
            response.xframe_options_exempt = False
        return response

    return wrapped


def tool_configuration(request) -> dict[str, str]:
    """What an LMS administrator pastes into Moodle, Canvas or Blackboard."""
    launch = request.build_absolute_uri(reverse("lti:launch"))
    return {
        "Login initiation URL (OIDC)": request.build_absolute_uri(reverse("lti:login")),
        "Redirect / launch URL (target link URI)": launch,
        "Deep linking URL": launch,
        "Public keyset URL (JWKS)": request.build_absolute_uri(reverse("lti:jwks")),
        "Signature method": "RS256",
        "Custom parameter for a fixed course": "course=<course slug>",
    }


def refuse(request, error: LaunchError):
    with translation.override("en"):  # the log in English, whatever the reader's language
        logged = str(error.message)
    logger.warning("Refused LTI request to %s: %s (from %s)", request.path, logged, request.META.get("REMOTE_ADDR"))
    return render(request, "lti/error.html", {"message": error.message}, status=error.status)


def storage_origins(platform: Platform) -> str:
    """The platform's origins for our postMessages, its OIDC authentication URL's first (the spec's target)."""
    origins = dict.fromkeys([url_origin(platform.auth_login_url), *platform.origins()])
    return " ".join(origin for origin in origins if origin)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@never_cache  # each answer carries a new state and nonce
@embeddable
def login(request):
    """Third-party initiated login: answer the platform with an OIDC authentication request."""
    params = request.POST if request.method == "POST" else request.GET
    issuer, login_hint, target = params.get("iss", ""), params.get("login_hint", ""), params.get("target_link_uri", "")
    if not (issuer and login_hint and target):
        return refuse(request, LaunchError("The login needs iss, login_hint and target_link_uri.", status=400))
    platforms = Platform.objects.filter(active=True, issuer=issuer)
    if params.get("client_id"):
        platforms = platforms.filter(client_id=params["client_id"])
    platforms = list(platforms[:2])
    if len(platforms) != 1:
        problem = "No active platform is registered" if not platforms else "Several platforms are registered"
        return refuse(request, LaunchError(f"{problem} for this issuer; the login must name its client_id.", 400))
    platform = platforms[0]
    deployment = params.get("lti_deployment_id")
    if deployment and deployment not in platform.deployment_id_list():
        return refuse(request, LaunchError("The deployment is not registered for this platform."))
    if urlsplit(target).netloc != request.get_host():
        return refuse(request, LaunchError("The target link URI is not on this site.", status=400))

    state, nonce = new_state(platform)
    query = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": platform.client_id,
        "redirect_uri": request.build_absolute_uri(reverse("lti:launch")),
        "login_hint": login_hint,
        "state": state,
        "nonce": nonce,
    }
    if params.get("lti_message_hint"):
        query["lti_message_hint"] = params["lti_message_hint"]
    separator = "&" if "?" in platform.auth_login_url else "?"
    auth_url = platform.auth_login_url + separator + urlencode(query)
    if params.get(STORAGE_TARGET):
        # The platform offers its storage: our page keeps state and nonce there too, in case the cookie does
        # not come back from the frame, then goes on to the authentication URL like the redirect would.
        context = {
            "auth_url": auth_url,
            "state": state,
            "nonce": nonce,
            "storage_target": params[STORAGE_TARGET],
            "origins": storage_origins(platform),
        }
        response = render(request, "lti/login_storage.html", context)
    else:
        response = redirect(auth_url)
    set_state_cookie(response, request, state, nonce, platform)
    return response


@csrf_exempt
@require_POST
@never_cache
@embeddable
def launch(request):
    try:
        launch = validate_launch(request)
    except LaunchError as error:
        return refuse(request, error)
    if not launch.state_confirmed:
        return platform_storage_check(request, launch)
    response = show_launch(request, launch.platform, launch.claims)
    delete_state_cookie(response, request, launch.state)  # used: it must not serve another launch
    return response


def platform_storage_check(request, launch):
    """No state cookie came back: a page that has the platform's storage confirm the state, then continues."""
    logger.info("LTI launch from %s waits for the platform's storage to confirm its state", launch.platform)
    context = {
        "token": continuation_token(launch.platform, launch.claims, launch.state),
        "state": launch.state,
        "nonce": launch.claims["nonce"],
        "storage_target": request.POST[STORAGE_TARGET],
        "origins": storage_origins(launch.platform),
        "failed": STORAGE_FAILED,
    }
    return render(request, "lti/launch_storage.html", context)


@csrf_exempt  # no CSRF cookie inside the LMS frame; redeem_continuation accepts same-origin POSTs only
@require_POST
@never_cache
@embeddable
def launch_continue(request):
    try:
        pending = redeem_continuation(request)
    except LaunchError as error:
        return refuse(request, error)
    return show_launch(request, pending.platform, pending.claims)


def show_launch(request, platform: Platform, claims: dict):
    logger.info("LTI launch from %s (%s)", platform, claims.get(CLAIM + "message_type"))
    if claims[CLAIM + "message_type"] == DEEP_LINKING_REQUEST:
        return deep_linking_picker(request, platform, claims)
    return reading_list(request, claims)


def _chosen(claims: dict) -> tuple[str, str]:
    custom = claims.get(CLAIM + "custom") or {}
    slug, unit = str(custom.get("course") or ""), str(custom.get("unit") or "")
    if not slug:  # a link configured by URL only: .../lti/launch/?course=slug
        query = parse_qs(urlsplit(claims.get(CLAIM + "target_link_uri") or "").query)
        slug, unit = (query.get("course") or [""])[0], (query.get("unit") or [""])[0]
    return slug, unit


def reading_list(request, claims: dict):
    """The course's reading list, compact for a frame in the LMS; progress ticks stay in the browser."""
    slug, unit_id = _chosen(claims)
    course = Course.objects.published().filter(slug=slug).first() if slug else None
    if course is None:
        message = "This link does not point to a published course. Ask your instructor to choose the course again."
        return render(request, "lti/error.html", {"message": message}, status=404)
    units = list(course.units_with_readings())
    if unit_id:
        units = [unit for unit in units if str(unit.pk) == unit_id]
        if not units:
            message = "This link points to a unit that no longer exists in the course."
            return render(request, "lti/error.html", {"message": message}, status=404)
    style = course.citation_style or DEFAULT_STYLE  # inside the LMS: the course's own style
    syllabus_page_units(course, units, style, new_tab=True)
    context = {
        "course": course,
        "units": units,
        "single_unit": bool(unit_id),
        "course_url": request.build_absolute_uri(course.get_absolute_url()),
        **style_context(style, ""),
    }
    return render(request, "lti/course_embed.html", context)


def deep_linking_picker(request, platform: Platform, claims: dict):
    settings = claims[DL_CLAIM + "deep_linking_settings"]
    if not url_origin(settings["deep_link_return_url"]):
        return refuse(request, LaunchError("The deep linking return URL is not an http(s) URL.", status=400))
    if RESOURCE_LINK not in (settings.get("accept_types") or []):
        return refuse(request, LaunchError("The platform does not accept LTI resource links here.", status=400))
    token = signing.dumps(
        {
            "platform": platform.pk,
            "deployment_id": claims[CLAIM + "deployment_id"],
            "return_url": settings["deep_link_return_url"],
            "data": settings.get("data"),
        },
        salt=DEEP_LINK_SALT,
    )
    courses = Course.objects.published().prefetch_related("units").order_by("-start_date", "code")
    return render(request, "lti/deep_link_picker.html", {"courses": courses, "token": token})


@csrf_exempt  # posted from inside the LMS frame, where our CSRF cookie is not sent; the signed token authorizes it
@require_POST
@embeddable
def deep_link_return(request):
    try:
        context = signing.loads(request.POST.get("token", ""), salt=DEEP_LINK_SALT, max_age=DEEP_LINK_MAX_AGE_SECONDS)
    except signing.BadSignature:
        return refuse(request, LaunchError("This choice has expired or was not made here. Start again from the LMS."))
    platform = Platform.objects.filter(pk=context["platform"], active=True).first()
    if platform is None:
        return refuse(request, LaunchError("The platform is no longer registered."))
    kind, _, value = request.POST.get("choice", "").partition(":")
    courses = Course.objects.published()
    custom, title = {}, ""
    if kind == "course" and (course := courses.filter(slug=value).first()):
        custom, title = {"course": course.slug}, f"{course.code} {course.title}: readings"
    elif kind == "unit" and value.isdigit() and (unit := Unit.objects.filter(pk=value, course__in=courses).first()):
        custom = {"course": unit.course.slug, "unit": str(unit.pk)}
        title = f"{unit.course.code}: {unit.title} (readings)"
    else:
        return render(
            request, "lti/error.html", {"message": "Choose a published course or one of its units."}, status=400
        )
    item = {
        "type": RESOURCE_LINK,
        "title": title,
        "url": request.build_absolute_uri(reverse("lti:launch")),
        "custom": custom,
    }
    response_jwt = deep_linking_response(platform, context["deployment_id"], context["data"], [item])
    logger.info("LTI deep link to %s returned to %s", custom, platform)
    response = render(request, "lti/deep_link_return.html", {"return_url": context["return_url"], "jwt": response_jwt})
    # The page's form posts the signed response to the platform, which the site-wide form-action forbids.
    response._csp_replace = {"form-action": [CSP_SELF, url_origin(context["return_url"])]}
    return response


@require_GET
def jwks(request):
    ToolKey.objects.current()  # generate the first key pair on first use
    keys = [key.public_jwk for key in ToolKey.objects.filter(active=True)]
    response = JsonResponse({"keys": keys})
    response["Cache-Control"] = "public, max-age=300"
    return response
