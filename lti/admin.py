from django.contrib import admin
from django.db import models

from lti.models import Platform, ToolKey, UsedNonce
from lti.views import tool_configuration


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ("name", "issuer", "client_id", "active")
    list_filter = ("active",)
    search_fields = ("name", "issuer", "client_id")
    change_form_template = "lti/admin/platform_change_form.html"
    change_list_template = "lti/admin/platform_change_list.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("name", "active")}),
        ("Registration", {"fields": ("issuer", "client_id", "deployment_ids", "auth_login_url")}),
        ("Platform's public key", {"fields": ("jwks_url", "public_key")}),
        ("Framing", {"fields": ("frame_origins",)}),
    )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "tool_configuration": tool_configuration(request)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "tool_configuration": tool_configuration(request)}
        return super().changelist_view(request, extra_context)


@admin.register(ToolKey)
class ToolKeyAdmin(admin.ModelAdmin):
    """Our signing keys: the private half is never shown."""

    list_display = ("kid", "created", "active")
    fields = ("kid", "active", "public_jwk", "created")
    readonly_fields = ("kid", "public_jwk", "created")

    actions = ["generate_new_key"]

    def has_add_permission(self, request):
        return False  # generated on first use; rotate with the action below

    @admin.action(description="Rotate: generate a new key pair (used for signing from now on)")
    def generate_new_key(self, request, queryset):
        key = ToolKey.objects.generate()
        self.message_user(request, f"Generated key {key.kid}. Deactivate the old one once platforms have refetched.")


@admin.register(UsedNonce)
class UsedNonceAdmin(admin.ModelAdmin):
    list_display = ("nonce", "platform", "used")
    list_filter = ("platform",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
