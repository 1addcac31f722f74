"""Time one segment estimate of a 1600-character message, as the composer makes on each key.

Run: python bench/estimate.py   (prints figures; asserts nothing)
"""

from __future__ import annotations

import statistics
import timeit

from tui_sms.domain.segments import MAX_CHARACTERS, estimate

CALLS = 200
ROUNDS = 30

# GSM-7 throughout, with escape pairs (€ [ ]) to place around segment ends.
GSM7_TEXT = (
    "Bonjour M. Tremblay, votre véhicule est réparé. Le montant total est de 245,50 € "
    "[pièces et main-d'oeuvre]. Vous pouvez passer le récupérer à 17 h. Merci! "
)
# UCS-2: French letters outside GSM-7, curly quotes Smart Encoding would replace, and an
# emoji with a skin tone, so grapheme clusters and the Smart Encoding comparison both run.
UCS2_TEXT = (
    "Bonjour M. Côté, votre véhicule est prêt : ça coûte 245,50 $ — merci de votre "
    "confiance, l’équipe du “Garage Leblanc” 👍🏽 "
)


def fill(sample: str) -> str:
    return (sample * (MAX_CHARACTERS // len(sample) + 1))[:MAX_CHARACTERS]


def report(label: str, text: str, smart_encoding: bool) -> None:
    found = estimate(text, smart_encoding=smart_encoding)
    timer = timeit.Timer(lambda: estimate(text, smart_encoding=smart_encoding))
    per_call = [total / CALLS * 1e6 for total in timer.repeat(repeat=ROUNDS, number=CALLS)]
    print(
        f"{label:<28} {found.encoding:<6} {found.segments:>3} segments  "
        f"mean {statistics.mean(per_call):7.1f} µs  median {statistics.median(per_call):7.1f} µs"
    )


def main() -> None:
    print(f"One estimate of a {MAX_CHARACTERS}-character message ({ROUNDS} rounds of {CALLS}):")
    for label, sample in (("GSM-7", GSM7_TEXT), ("UCS-2", UCS2_TEXT)):
        text = fill(sample)
        report(label, text, smart_encoding=False)
        report(f"{label}, smart encoding", text, smart_encoding=True)


if __name__ == "__main__":
    main()
