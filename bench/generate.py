"""Generated newsroom content for benchmarks: posts with tags, topics, contacts and links."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from blog.models import Category, Post, PostContact, RelatedLink
from pressroom.models import Contact, Topic

WORDS = [
    "press",
    "release",
    "energy",
    "wind",
    "solar",
    "grid",
    "customers",
    "results",
    "quarter",
    "growth",
    "launch",
    "partnership",
    "sustainability",
    "hållbarhet",
    "försäljning",
    "kunder",
    "resultat",
    "tillväxt",
    "lansering",
    "samarbete",
    "nyheter",
    "evenemang",
    "innovation",
    "research",
    "battery",
    "storage",
]


def paragraph(rng, words=60):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def markdown_body(rng):
    parts = []
    for section in range(3):
        parts.append(f"## Section {section + 1}")
        parts.extend(paragraph(rng) for _ in range(2))
        parts.append("\n".join(f"* {paragraph(rng, 8)}" for _ in range(3)))
    parts.append("> " + paragraph(rng, 20))
    return "\n\n".join(parts)


@transaction.atomic
def generate_posts(count, seed=1):
    """Create ``count`` published posts; return their slugs."""
    rng = random.Random(seed)
    topics = [Topic.objects.create(name=f"Topic {n}, and more") for n in range(8)]
    categories = [Category.objects.create(name=f"category-{n}") for n in range(8)]
    contacts = [
        Contact.objects.create(
            name=f"Contact Person {n}",
            role="Presskontakt",
            title="Communications",
            phone=f"+46 (0) 70 000 00 {n:02d}",
            email=f"press{n}@example.com",
        )
        for n in range(5)
    ]
    now = timezone.now()
    slugs = []
    for number in range(count):
        post = Post.objects.create(
            title=f"Generated post {number}: {paragraph(rng, 5)}"[:200],
            slug=f"generated-post-{number}",
            kind=rng.choice(Post.Kind.values),
            lead=paragraph(rng, 25),
            body=markdown_body(rng),
            status=Post.Status.PUBLISHED,
            publish_at=now - timedelta(hours=number),
            language=rng.choice(["sv", "en"]),
        )
        post.topics.add(*rng.sample(topics, 2))
        post.categories.add(*rng.sample(categories, 2))
        post.tags.add(*rng.sample(WORDS, 4))
        PostContact.objects.create(post=post, contact=rng.choice(contacts))
        RelatedLink.objects.create(post=post, title="Example", url="https://example.com/")
        slugs.append(post.slug)
    return slugs
