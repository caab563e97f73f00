from django.core.management.base import BaseCommand, CommandError

from literature.formats import csljson
from literature.formats.record import ReferenceRecord
from literature.models import Article, Citation, Reference


class Command(BaseCommand):
    help = "Write references as CSL-JSON to standard output: an article's list in citation order, or all of them."

    def add_arguments(self, parser):
        parser.add_argument("--article", metavar="SLUG")
        parser.add_argument("--format", choices=["csljson"], default="csljson")

    def handle(self, *args, **options):
        if options["article"]:
            article = Article.objects.filter(slug=options["article"]).first()
            if article is None:
                raise CommandError(f"No article with slug {options['article']!r}.")
            citations = Citation.objects.filter(article=article).select_related("reference")
            citations = citations.prefetch_related("reference__authors").order_by("number")
            items = [
                csljson.record_to_csl(ReferenceRecord.from_reference(c.reference), number=c.number) for c in citations
            ]
        else:
            references = Reference.objects.prefetch_related("authors").order_by("key")
            items = [csljson.record_to_csl(ReferenceRecord.from_reference(r)) for r in references]
        self.stdout.write(csljson.dumps(items), ending="")
