"""`POST /webhooks/<channel id>`: where a channel delivers its events (webhooks).

No login and no CSRF token: the channel proves itself by signing the raw body, which
`sync.inbox.receive` verifies in constant time before anything is read or stored. A forged
delivery, or one for a channel we do not have, gets 401 and stores nothing; a verified one is
stored once per event id (a redelivery answers 200 and stores nothing new) and answered at
once: processing runs after the commit, in a worker.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from stockbridge.sync import inbox


@csrf_exempt
@require_POST
def receive(request: HttpRequest, channel_id: int) -> HttpResponse:
    try:
        raw = request.body
    except RequestDataTooBig:
        return JsonResponse({"error": "the body is too large"}, status=413)
    try:
        received = inbox.receive(channel_id=channel_id, headers=dict(request.headers), raw_body=raw)
    except inbox.Refused as exc:
        return JsonResponse({"error": exc.reason}, status=exc.status)
    return JsonResponse({"stored": received.created})
