"""`manage.py mirror DIR`: the public site as static files for nginx to serve in an outage.

Operators run it from a timer (deploy/chancery-mirror.timer) so the mirror is never far
behind; deploy/nginx/chancery.conf falls back to it when the application does not answer.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from chancery.operations.mirror import build_mirror, unresolved_links


class Command(BaseCommand):
    help = "Write every public page, archive, feed, sitemap and static file into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--max-urls",
            type=int,
            default=1_000_000,
            help="Stop with an error after this many addresses (a guard against loops).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Afterwards, check that every link in every mirrored page has a file.",
        )

    def handle(self, *args, directory, max_urls, check=False, **options):
        try:
            report = build_mirror(directory, max_urls=max_urls)
        except (OSError, RuntimeError) as error:
            raise CommandError(_("Mirror failed: %(error)s") % {"error": error}) from error
        self.stdout.write(
            _("%(files)d files written to %(dir)s (%(redirects)d redirects).")
            % {"files": len(report.files), "dir": directory, "redirects": len(report.redirects)}
        )
        for url, status in sorted(report.failed.items()):
            self.stderr.write(_("%(status)s from %(url)s") % {"status": status, "url": url})
        if check:
            from wagtail.models import Site

            host = Site.objects.get(is_default_site=True).hostname
            for page, links in sorted(unresolved_links(Path(directory), host).items()):
                self.stderr.write(
                    _("%(page)s links to missing %(links)s")
                    % {"page": page, "links": ", ".join(links)}
                )
                report.failed[page] = "links"
        if report.failed:
            raise CommandError(_("The mirror is incomplete (see above)."))
