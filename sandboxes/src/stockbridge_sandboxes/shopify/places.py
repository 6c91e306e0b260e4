"""Country and province names for addresses given by code (the common ones)."""

from __future__ import annotations

COUNTRIES = {
    "CA": "Canada",
    "US": "United States",
    "GB": "United Kingdom",
    "IE": "Ireland",
    "AU": "Australia",
    "NZ": "New Zealand",
    "DE": "Germany",
    "FR": "France",
    "ES": "Spain",
    "IT": "Italy",
    "NL": "Netherlands",
    "BE": "Belgium",
    "SE": "Sweden",
    "DK": "Denmark",
    "NO": "Norway",
    "FI": "Finland",
    "AT": "Austria",
    "CH": "Switzerland",
    "PT": "Portugal",
    "PL": "Poland",
    "JP": "Japan",
    "MX": "Mexico",
    "BR": "Brazil",
    "IN": "India",
}
PROVINCES = {
    "CA": {
        "AB": "Alberta",
        "BC": "British Columbia",
        "MB": "Manitoba",
        "NB": "New Brunswick",
        "NL": "Newfoundland and Labrador",
        "NS": "Nova Scotia",
        "NT": "Northwest Territories",
        "NU": "Nunavut",
        "ON": "Ontario",
        "PE": "Prince Edward Island",
        "QC": "Quebec",
        "SK": "Saskatchewan",
        "YT": "Yukon",
    },
    "US": {
        "AL": "Alabama",
        "AK": "Alaska",
        "AZ": "Arizona",
        "AR": "Arkansas",
        "CA": "California",
        "CO": "Colorado",
        "CT": "Connecticut",
        "DE": "Delaware",
        "DC": "District of Columbia",
        "FL": "Florida",
        "GA": "Georgia",
        "HI": "Hawaii",
        "ID": "Idaho",
        "IL": "Illinois",
        "IN": "Indiana",
        "IA": "Iowa",
        "KS": "Kansas",
        "KY": "Kentucky",
        "LA": "Louisiana",
        "ME": "Maine",
        "MD": "Maryland",
        "MA": "Massachusetts",
        "MI": "Michigan",
        "MN": "Minnesota",
        "MS": "Mississippi",
        "MO": "Missouri",
        "MT": "Montana",
        "NE": "Nebraska",
        "NV": "Nevada",
        "NH": "New Hampshire",
        "NJ": "New Jersey",
        "NM": "New Mexico",
        "NY": "New York",
        "NC": "North Carolina",
        "ND": "North Dakota",
        "OH": "Ohio",
        "OK": "Oklahoma",
        "OR": "Oregon",
        "PA": "Pennsylvania",
        "RI": "Rhode Island",
        "SC": "South Carolina",
        "SD": "South Dakota",
        "TN": "Tennessee",
        "TX": "Texas",
        "UT": "Utah",
        "VT": "Vermont",
        "VA": "Virginia",
        "WA": "Washington",
        "WV": "West Virginia",
        "WI": "Wisconsin",
        "WY": "Wyoming",
    },
}


def complete_address(fields: dict[str, object]) -> dict[str, object]:
    """Fill country/province names from their codes and the formatted area, as Shopify does."""
    out = dict(fields)
    code = out.pop("countryCode", None) or out.get("countryCodeV2")
    if isinstance(code, str):
        out["countryCodeV2"] = code
        out.setdefault("country", COUNTRIES.get(code))
    province = out.get("provinceCode")
    if isinstance(code, str) and isinstance(province, str):
        out.setdefault("province", PROVINCES.get(code, {}).get(province))
    area = " ".join(str(x) for x in (out.get("city"), out.get("provinceCode")) if x)
    country = out.get("country")
    out["formattedArea"] = ", ".join(str(x) for x in (area, country) if x) or None
    return out
