"""The sandboxes' own command line: serve a sandbox on loopback, replay the parity corpus.

`python -m stockbridge_sandboxes shopify --seed sample` runs without Stockbridge;
`stockbridge sandbox ...` is the same parser mounted in the product's CLI.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

DEFAULT_CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "shopify" / "conformance"


def shopify(args: argparse.Namespace) -> int:
    from stockbridge_sandboxes.shopify import SandboxApp
    from stockbridge_sandboxes.shopify.seed import seed_generated, seed_sample
    from stockbridge_sandboxes.shopify.server import serve

    app = SandboxApp(plan=args.plan)
    if args.seed == "sample":
        seed_sample(app.store)
    elif args.seed:
        try:
            count = int(args.seed)
        except ValueError:
            print("sandbox: --seed is 'sample' or a number of products", file=sys.stderr)
            return 2
        seed_generated(app.store, count)
    base = f"http://{args.host}:{args.port}"
    print(f"Shopify sandbox on {base}")
    print(f"  shop domain:   {app.shop_domain}")
    print(f"  access token:  {app.token}")
    print(f"  client id:     {app.credentials.client_id}")
    print(f"  app secret:    {app.credentials.client_secret}")
    print(f"  GraphQL:       {base}/admin/api/2026-07/graphql.json")
    print(f"  control API:   {base}/__sandbox/")
    sys.stdout.flush()
    serve(app, args.host, args.port)
    return 0


def woocommerce(args: argparse.Namespace) -> int:
    from stockbridge_sandboxes.woocommerce import Site, WooSandbox
    from stockbridge_sandboxes.woocommerce.seed import seed_generated
    from stockbridge_sandboxes.woocommerce.server import serve

    base = f"http://{args.host}:{args.port}"
    app = WooSandbox(
        site=Site(name=args.name, home_url=f"http://{args.domain}", currency=args.currency)
    )
    if args.seed:
        try:
            count = int(args.seed)
        except ValueError:
            print("sandbox: --seed is a number of products", file=sys.stderr)
            return 2
        seed_generated(app.catalog, count, args.variations)
    print(f"WooCommerce sandbox on {base}")
    print(f"  store:            {app.store.site.name} ({app.store.site.currency})")
    print(f"  store domain:     {args.domain}")
    print(f"  consumer key:     {app.consumer_key}")
    print(f"  consumer secret:  {app.consumer_secret}")
    print(f"  REST API:         {base}/wp-json/wc/v3/ (OAuth 1.0a over HTTP)")
    print(f"  control API:      {base}/__sandbox/")
    sys.stdout.flush()
    serve(app, args.host, args.port)
    return 0


def parity(args: argparse.Namespace) -> int:
    from stockbridge_sandboxes.shopify.parity.runner import run_corpus, summarize

    corpus = Path(args.corpus)
    if not (corpus / "config" / "parity-specs").is_dir():
        print(
            f"sandbox: no parity corpus at {corpus} (expected config/parity-specs/)",
            file=sys.stderr,
        )
        return 2
    results = run_corpus(corpus)
    summary = summarize(results)
    if not args.json:
        for r in results:
            if not r.in_scope:
                continue
            status = "PASS" if r.passed else "FAIL"
            print(f"{status} {r.domain}/{r.scenario}")
            for reason in [] if r.passed else r.reasons:
                print(f"     - {reason}")
        print()
        for domain, entry in sorted(summary["by_domain"].items()):
            rate = "-" if entry["pass_rate"] is None else f"{entry['pass_rate']:.1%}"
            print(
                f"{domain:24} {entry['passed']:4}/{entry['in_scope']:<4} in scope "
                f"({entry['scenarios']} recorded)  {rate}"
            )
        print(
            f"{'total':24} {summary['passed']:4}/{summary['in_scope']:<4} "
            f"{summary['pass_rate']:.1%}"
        )
    else:
        print(json.dumps(summary))
    return 0


def wholesale(args: argparse.Namespace) -> int:
    import waitress

    from stockbridge_sandboxes.wholesale import PortalApp

    app = PortalApp()
    grant = app.issue_token()
    base = f"http://{args.host}:{args.port}"
    print(f"Wholesale portal sandbox on {base}")
    print(f"  consumer key:    {app.consumer_key}")
    print(f"  consumer secret: {app.consumer_secret}")
    print(f"  token:           {grant.token}")
    print(f"  token secret:    {grant.secret}")
    print(f"  control API:     {base}/__sandbox/")
    sys.stdout.flush()
    waitress.serve(app, host=args.host, port=args.port, threads=4, ident="wholesale-sandbox")
    return 0


def bigcommerce(args: argparse.Namespace) -> int:
    import waitress

    from stockbridge_sandboxes.bigcommerce import BigCommerceApp

    app = BigCommerceApp(plan=args.plan)
    base = f"http://{args.host}:{args.port}"
    print(f"BigCommerce sandbox on {base}")
    print(f"  store hash:    {app.store_hash}")
    print(f"  access token:  {app.token} (header X-Auth-Token)")
    print(f"  v3 API:        {base}/stores/{app.store_hash}/v3/")
    print(f"  v2 API:        {base}/stores/{app.store_hash}/v2/")
    print(f"  control API:   {base}/__sandbox/")
    sys.stdout.flush()
    waitress.serve(app, host=args.host, port=args.port, threads=4, ident="bigcommerce-sandbox")
    return 0


def add_commands(sub: Any) -> None:
    """Add the sandboxes' commands (`shopify`, `woocommerce`, `bigcommerce`, `wholesale`,
    `parity`)."""
    run = sub.add_parser("shopify", help="serve a Shopify-compatible Admin API on loopback")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8765)
    run.add_argument("--seed", default=None, help="'sample' or a number of products")
    run.add_argument(
        "--plan", default="standard", choices=("standard", "advanced", "plus", "enterprise")
    )
    run.set_defaults(handler=shopify)
    portal = sub.add_parser("wholesale", help="serve a NuORDER-style wholesale portal on loopback")
    portal.add_argument("--host", default="127.0.0.1")
    portal.add_argument("--port", type=int, default=8768)
    portal.set_defaults(handler=wholesale)
    bc = sub.add_parser("bigcommerce", help="serve a BigCommerce store's API on loopback")
    bc.add_argument("--host", default="127.0.0.1")
    bc.add_argument("--port", type=int, default=8767)
    bc.add_argument("--plan", default="standard", choices=("standard", "plus", "pro", "enterprise"))
    bc.set_defaults(handler=bigcommerce)
    woo = sub.add_parser("woocommerce", help="serve a WooCommerce-compatible REST API on loopback")
    woo.add_argument("--host", default="127.0.0.1")
    woo.add_argument("--port", type=int, default=8766)
    woo.add_argument("--seed", default=None, help="a number of products")
    woo.add_argument("--variations", type=int, default=0, help="variations per seeded product")
    woo.add_argument("--name", default="Sandbox Store")
    woo.add_argument(
        "--domain", default="woocommerce-sandbox.test", help="the store's domain (its home URL)"
    )
    woo.add_argument("--currency", default="USD")
    woo.set_defaults(handler=woocommerce)
    check = sub.add_parser("parity", help="replay recorded Shopify scenarios against the sandbox")
    check.add_argument(
        "--corpus",
        default=str(DEFAULT_CORPUS),
        help="a directory laid out like shared/shopify/conformance/",
    )
    check.add_argument("--json", action="store_true", help="print one JSON summary object")
    check.set_defaults(handler=parity)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="stockbridge-sandboxes", description="local fakes of commerce platforms"
    )
    sub = parser.add_subparsers(dest="sandbox_command", metavar="SANDBOX", required=True)
    add_commands(sub)
    args = parser.parse_args(argv)
    result: int = args.handler(args)
    return result
