"""factory_boy factories for the domain model."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from annotations import services
from annotations.documents import read_text
from annotations.models import Claim, Note, Rating, Source
from annotations.services import article_ingest


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        if create:
            self.save()


ARTICLE_TEXT = (
    "Budget Row Deepens\n\n"
    "Sen. Jane Doe said on Monday that the city spent $1.2 billion on roads in 2023.\n"
    "That is 40 percent more than in 2019, according to the auditor.\n"
    "Critics think the plan is a disaster.\n"
)


def make_article(text: str = ARTICLE_TEXT, **kwargs):
    """An ingested article (with its segments) through the real ingest path."""
    return article_ingest(document=read_text(text), **kwargs).article


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim
        skip_postgeneration_save = True

    article = factory.LazyFunction(make_article)
    claim_text = factory.Faker("sentence")

    @factory.post_generation
    def segments(self, create, extracted, **kwargs):
        if not create:
            return
        chosen = extracted or [self.article.segments.filter(kind="sentence").first()]
        self.segments.set(chosen)
        self.position = chosen[0].position
        self.save(update_fields=["position"])


def rating(slug: str) -> Rating:
    return Rating.objects.get(slug=slug)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    claim = factory.SubFactory(ClaimFactory)
    url = factory.Sequence(lambda n: f"https://example.org/evidence/{n}")
    title = "Auditor's annual report"
    stance = Source.Stance.SUPPORTS


class NoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Note

    claim = factory.SubFactory(ClaimFactory)
    body = "Checked with the auditor's office."


def correct_and_publish(claim, *, proposer, approver, **correction):
    """A correction proposed by one reviewer and published by another (the four-eyes rule)."""
    claim = services.claim_correct(claim=claim, user=proposer, version=claim.version, **correction)
    return services.claim_publish(claim=claim, user=approver, version=claim.version)


def long_text(paragraphs: int = 40, title: str = "Council Budget Under Scrutiny") -> str:
    """News-like text of distinct sentences (about 160 bytes a paragraph)."""
    lines = [
        f"The council spent ${n}.{n % 7} million on {n + 3} roads in {1990 + n % 30}, "
        f"the mayor said. Critics called paragraph {n} misleading."
        for n in range(paragraphs)
    ]
    return f"{title}\n\n" + "\n\n".join(lines) + "\n"
