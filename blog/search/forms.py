"""The search page's form."""

from django import forms
from django.db.models import Max, Min
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from pressroom.models import Topic

from ..models import Post, with_published_posts
from .query import search_posts


class SearchForm(forms.Form):
    """The search page's query and filters. A filter that does not validate is ignored."""

    q = forms.CharField(label=_("Search for"), required=False, strip=True)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=None, required=False, to_field_name="slug"
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget = forms.TextInput(attrs={"type": "search"})
        self.fields["kind"].choices = [("", _("All kinds")), *Post.Kind.choices]
        self.fields["topic"].queryset = with_published_posts(Topic.objects.all(), "topics")
        self.fields["topic"].empty_label = _("All topics")
        # Every year from the first post to the last: two index lookups, where listing
        # only the years with posts would read every post.
        span = Post.objects.published().aggregate(first=Min("publish_at"), last=Max("publish_at"))
        years = []
        if span["first"]:
            first, last = localtime(span["first"]).year, localtime(span["last"]).year
            years = [(year, year) for year in range(last, first - 1, -1)]
        self.fields["year"].choices = [("", _("All years")), *years]

    def clean(self):
        # A bad filter (an unknown kind, year "abc", a topic that does not exist) is
        # dropped rather than shown as an error: the search still runs.
        for name in list(self.errors):
            if name != "q":
                del self.errors[name]
        return self.cleaned_data

    def search(self):
        """The results for the submitted query and the filters that validated."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return search_posts(
            data.get("q", ""),
            kind=data.get("kind") or None,
            topic=data.get("topic"),
            year=data.get("year"),
        )
