"""A feed of real-shaped articles (our own sentences) arriving over a day and a half: four
contested stories told over several articles each, and ordinary news with figures nobody
disputes. Claims and denials are stated plainly, so any reasonable detector finds them.

Each article: (slug, minutes after the start, headline, text).
"""

from __future__ import annotations

Article = tuple[str, int, str, str]

ORUN: tuple[Article, ...] = (
    (
        "orun-monitor-toll",
        0,
        "Orun floods: monitoring group says 4,300 killed",
        "The Riverland Monitoring Network said on Monday that about 4,300 people have been killed in "
        "the floods in Orun province since March. The network said its volunteers had counted the dead "
        "village by village along the lower river. Rescue teams are still searching flooded districts "
        "and the provincial airport remains closed to civilian flights.",
    ),
    (
        "orun-ministry-rejects",
        60,
        "Orun health ministry rejects flood death toll",
        "The health ministry of Orun province on Tuesday rejected the death toll published by the "
        "Riverland Monitoring Network, which said about 4,300 people had been killed in the floods since "
        "March. “These numbers are invented,” the health ministry said in a statement. The ministry said "
        "612 people had died in the floods. Aid convoys reached the river towns on Tuesday afternoon.",
    ),
    (
        "orun-ministry-again",
        180,
        "Ministry again denies Orun flood figure",
        "The health ministry again denied on Wednesday that about 4,300 people had been killed in the "
        "Orun floods, as the Riverland Monitoring Network has said. The ministry said the network's "
        "figure was false. Schools in the provincial capital reopened on Wednesday morning.",
    ),
    (
        "orun-monitor-stands",
        900,
        "Monitor stands by its Orun flood count",
        "The Riverland Monitoring Network said on Thursday that it stood by its count of about 4,300 "
        "people killed in the Orun floods. The network published a list of villages where its volunteers "
        "had recorded deaths. Water levels on the lower river fell for the third day in a row.",
    ),
)

BRIDGE: tuple[Article, ...] = (
    (
        "bridge-cost",
        30,
        "New Kessel bridge cost $72 million, finance ministry says",
        "The finance ministry said on Monday that the new Kessel river bridge cost $72 million to build. "
        "The bridge, which opened last month, links the two halves of the city for the first time since "
        "the old crossing was closed. Traffic on the new bridge has been heavy since it opened.",
    ),
    (
        "bridge-audit",
        240,
        "Audit office disputes Kessel bridge cost",
        "The finance ministry said the new Kessel bridge cost $72 million to build. The national audit "
        "office rejected the figure on Tuesday. “The figure leaves out the approach roads and the land,” "
        "the audit office said in its report. The audit office said the bridge cost $118 million in "
        "total. The city council will debate the report next week.",
    ),
)

DARKNESS: tuple[Article, ...] = (
    (
        "darkness-post",
        120,
        "Viral post claims six days of darkness in December",
        "A viral post shared widely on social media claims that the Earth will go through six days of "
        "darkness in December because of a solar storm. The post has been shared hundreds of thousands "
        "of times in the past week, and many readers asked whether it was true.",
    ),
    (
        "darkness-agency",
        420,
        "Space agency denies six days of darkness claim",
        "The space agency denied on Thursday that the Earth would go through six days of darkness in "
        "December. “Nothing of the sort will happen,” the space agency said in a statement. Solar storms "
        "cannot switch off daylight, the agency said, and no such event has ever been recorded.",
    ),
)

CALDER: tuple[Article, ...] = (
    (
        "calder-march",
        300,
        "Police and union far apart on Calder march turnout",
        "Police said about 12,000 people marched through Calder on Saturday against the port closure. "
        "The dockers' union said 40,000 people marched through Calder. The union rejected the police "
        "figure. The march ended peacefully at the harbour gates in the early evening.",
    ),
    (
        "calder-revised",
        480,
        "Calder police raise march estimate",
        "Police said on Sunday that 15,000 people had marched through Calder on Saturday, raising their "
        "first estimate of about 12,000. The dockers' union said 40,000 people marched through Calder "
        "and rejected the police figure again. The port closure will be debated in parliament.",
    ),
)

ORDINARY: tuple[Article, ...] = (
    (
        "marathon",
        10,
        "City marathon draws record field",
        "More than 18,000 runners took part in the city marathon on Sunday, the organisers said, a "
        "record for the race. The men's race was won in two hours and eight minutes. Roads in the "
        "centre were closed for most of the morning.",
    ),
    (
        "library",
        50,
        "Central library reopens after renovation",
        "The central library reopened on Monday after a two-year renovation. The city council said the "
        "building now holds 250,000 books and has a new children's wing. Opening hours have been "
        "extended to ten in the evening on weekdays.",
    ),
    (
        "harvest",
        90,
        "Farmers expect strong apple harvest",
        "Apple growers in the valley expect a strong harvest this autumn after a mild spring, the growers' "
        "association said. The association said its members had planted 40,000 new trees over the past "
        "five years. Pickers will start work in the orchards next month.",
    ),
    (
        "rail",
        150,
        "Rail operator adds night trains",
        "The national rail operator said it would add six night trains a week between the capital and "
        "the coast from June. Tickets go on sale on Friday. The operator said demand for night services "
        "had doubled since last year.",
    ),
    (
        "museum",
        200,
        "Museum shows recovered paintings",
        "The city museum on Tuesday put on show 12 paintings recovered after a theft in 2019. The museum "
        "said the paintings had been found in a warehouse abroad. The exhibition runs until the end of "
        "the summer.",
    ),
    (
        "zoo",
        260,
        "Zoo welcomes two panda cubs",
        "The city zoo said on Tuesday that two panda cubs had been born in its new enclosure. Keepers "
        "said both cubs were healthy. The enclosure will stay closed to visitors for another month.",
    ),
    (
        "ferry",
        330,
        "Island ferry timetable extended",
        "The island ferry company said it would run 14 crossings a day during the summer, up from ten. "
        "The company said it had bought a second boat for the route. Bookings open next week.",
    ),
    (
        "budget",
        360,
        "Council approves park budget",
        "The city council approved a budget of $3 million for the riverside park on Tuesday. The council "
        "said work on the paths and playgrounds would begin in the spring. The park is expected to open "
        "next year.",
    ),
    (
        "concert",
        600,
        "Open-air concert sells out",
        "All 25,000 tickets for the open-air concert in the harbour park sold out within an hour, the "
        "promoters said. The concert will take place on the last Saturday of July.",
    ),
    (
        "weather",
        700,
        "Heat wave expected this weekend",
        "Forecasters said temperatures could reach 36 degrees on Saturday, the hottest day of the year so "
        "far. The weather service advised people to drink water and avoid the midday sun.",
    ),
    (
        "startup",
        800,
        "Local start-up raises funds",
        "A local software start-up said it had raised $5 million from investors to expand into "
        "neighbouring countries. The company employs 40 people at its office near the station.",
    ),
)

CONTESTED = (ORUN, BRIDGE, DARKNESS, CALDER)
ARTICLES: tuple[Article, ...] = tuple(
    sorted((*ORUN, *BRIDGE, *DARKNESS, *CALDER, *ORDINARY), key=lambda a: a[1])
)
