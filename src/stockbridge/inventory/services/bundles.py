"""Bundle definitions: a bundle variant made of component variants x quantity."""

from __future__ import annotations

from django.db import transaction

from stockbridge.catalog.models import Variant
from stockbridge.platform.errors import FieldError

from ..errors import UnknownVariant, quantities_field
from ..models import BundleComponent
from .checks import positive, require_variant


def set_bundle(*, bundle_id: int, components: dict[int, int]) -> list[BundleComponent]:
    """Make `bundle_id` a bundle of `components` {variant id: units}, replacing any previous
    definition. Raises UnknownVariant, FieldError (components, each named by its SKU:
    `components["MUG"]`)."""
    if not components:
        raise FieldError("components", "at least one component is required")
    with transaction.atomic():
        require_variant(bundle_id, "bundle_id")
        skus = dict(Variant.objects.filter(pk__in=list(components)).values_list("pk", "sku"))
        for component, units in components.items():
            field = quantities_field(skus.get(component), component, "components")
            positive(field, units)
            if component not in skus:
                raise UnknownVariant(field, component)
            if component == bundle_id:
                raise FieldError(field, "a bundle cannot contain itself")
            if BundleComponent.objects.filter(bundle_id=component).exists():
                raise FieldError(field, "a bundle cannot contain another bundle")
        if BundleComponent.objects.filter(component_id=bundle_id).exists():
            raise FieldError("bundle_id", "this variant is a component of another bundle")
        BundleComponent.objects.filter(bundle_id=bundle_id).delete()
        return BundleComponent.objects.bulk_create(
            BundleComponent(bundle_id=bundle_id, component_id=c, quantity=q)
            for c, q in sorted(components.items())
        )
