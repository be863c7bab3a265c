"""The word lists naming reads by: what a note template, an abstract and a summary's verbs add,
and what names no topic alone. Plain data, shared by the tokeniser and the term filter."""

from __future__ import annotations

# Headings of note templates ("Main idea", "Key ideas", "Technical details", "Overall
# impression", "TL;DR"); stop words, so they neither name a cluster nor join a phrase.
TEMPLATE = frozenset(
    """idea ideas impression impressions detail details summary summaries tldr takeaway takeaways
    thoughts notes contribution contributions strengths weaknesses motivation overall main key
    technical title""".split()  # noqa: SIM905
)
# Words every abstract uses; dropped before n-grams are formed.
BOILERPLATE = frozenset(
    """paper papers propose proposed proposes proposing present presents presented introduce
    introduces introduced approach approaches method methods using use uses used result results
    show shows shown demonstrate demonstrates novel new based work works study achieve achieves
    achieving improve improves improved improving outperform outperforms outperforming existing
    previous prior significantly significant better allows enables et al baseline baselines""".split()  # noqa: SIM905
)
# Verbs summaries are written with ("Learns image features ..."): they break a phrase and
# name nothing. Only forms that are rarely nouns; "-ed" forms are caught by their ending.
VERBS = frozenset(
    """learn learns learnt trains makes make making lets letting gets gives giving takes keeps
    finds adds adding needs reaches matches beats argues compares comparing computes computing
    combines generates guides locates builds recasts replaces treats pretrains speeds predicts
    produces producing reduces avoids avoiding cuts cutting skips skipping pushes pushing pulls
    pulling maximises maximizes minimises minimizes explores exploring evaluates yields runs tunes
    has having does doing elicits stay stays scales handle handles handling fail fails revisits""".split()  # noqa: SIM905
)
# Terms that name no topic on their own ("learning"); fine inside "reinforcement learning".
GENERIC = frozenset(
    """model models learning data network networks neural framework frameworks performance
    training train trained task tasks problem problems algorithm algorithms deep large technique
    techniques setting settings benchmark benchmarks dataset datasets experiment experiments
    accuracy quality state process processes function functions system systems""".split()  # noqa: SIM905
)
# Words too vague to be a whole term ("Language", "Features"); fine in a phrase.
VAGUE = frozenset(
    """language feature single input output length step answer value visual sparse fine small
    simple efficient fast long short high low many multiple different human general stable
    diverse full final exact hard good text way time linear""".split()  # noqa: SIM905
)
