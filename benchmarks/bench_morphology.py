"""Finnish morphology for the extractor: simplemma (PyPI) against Voikko (Debian + PyPI binding).

Prints, for each tool, how many inflected forms it brings back to the expected base form
(first reading, and any reading), and the time per word. The cases are general
vocabulary of summit memos (places, states, offices, policy areas, instruments,
commitment verbs), in the cases a memo uses them: genitive, inessive, elative,
illative, partitive, plural, passive, participles and nominalisations, and long
compounds. Run: python benchmarks/bench_morphology.py (Voikko is measured only
where libvoikko1, voikko-fi and the libvoikko binding are installed).
"""

from __future__ import annotations

import time

CASES = [
    # (inflected form, expected base form)
    ("kyberturvallisuudessa", "kyberturvallisuus"), ("puolustusteollisuusdialogin", "puolustusteollisuusdialogi"),
    ("puolustusteollisuusdialogiin", "puolustusteollisuusdialogi"), ("meriturvallisuutta", "meriturvallisuus"),
    ("avaruusturvallisuudesta", "avaruusturvallisuus"), ("energiaturvallisuuden", "energiaturvallisuus"),
    ("kilpailukykyallianssin", "kilpailukykyallianssi"), ("kilpailukykyallianssille", "kilpailukykyallianssi"),
    ("tietoturvasopimusta", "tietoturvasopimus"), ("kumppanuussopimuksen", "kumppanuussopimus"),
    ("vapaakauppasopimuksessa", "vapaakauppasopimus"), ("kauppajärjestelmää", "kauppajärjestelmä"),
    ("toimitusketjujen", "toimitusketju"), ("ilmastonmuutoksen", "ilmastonmuutos"),
    ("kiertotalouden", "kiertotalous"), ("hiilineutraaliuden", "hiilineutraalius"),
    ("biodiversiteetin", "biodiversiteetti"), ("ydinaseettomuuden", "ydinaseettomuus"),
    ("aseriisunnassa", "aseriisunta"), ("pakotteissa", "pakote"), ("pakotteista", "pakote"),
    ("huippukokouksessa", "huippukokous"), ("huippukokouksen", "huippukokous"),
    ("neuvotteluissa", "neuvottelu"), ("neuvotteluiden", "neuvottelu"), ("neuvottelut", "neuvottelu"),
    ("julkilausuman", "julkilausuma"), ("yhteistyöhön", "yhteistyö"), ("yhteistyötä", "yhteistyö"),
    ("kumppanuutta", "kumppanuus"), ("turvallisuudessa", "turvallisuus"), ("liikenteen", "liikenne"),
    ("tutkimuksen", "tutkimus"), ("koulutuksen", "koulutus"), ("kulttuurin", "kulttuuri"),
    ("energian", "energia"), ("ilmaston", "ilmasto"), ("tekoälyn", "tekoäly"), ("puolijohteiden", "puolijohde"),
    ("mineraalien", "mineraali"), ("digitalisaation", "digitalisaatio"), ("multilateralismia", "multilateralismi"),
    ("merenkulun", "merenkulku"), ("avaruuden", "avaruus"), ("rauhan", "rauha"), ("tuen", "tuki"),
    ("Tokiossa", "Tokio"), ("Brysselissä", "Bryssel"), ("Helsingissä", "Helsinki"), ("Osakassa", "Osaka"),
    ("Japanin", "Japani"), ("Japanissa", "Japani"), ("Suomen", "Suomi"), ("Venäjän", "Venäjä"),
    ("Ukrainaan", "Ukraina"), ("Ukrainan", "Ukraina"), ("Kiinan", "Kiina"), ("Kanadan", "Kanada"),
    ("Eurooppa-neuvoston", "Eurooppa-neuvosto"), ("komission", "komissio"), ("puheenjohtajan", "puheenjohtaja"),
    ("pääministerin", "pääministeri"), ("presidentin", "presidentti"), ("ulkoministerit", "ulkoministeri"),
    ("edustajan", "edustaja"), ("osapuolet", "osapuoli"),
    ("perustivat", "perustaa"), ("perustettiin", "perustaa"), ("aloittivat", "aloittaa"),
    ("aloitettiin", "aloittaa"), ("päätettiin", "päättää"), ("sovittiin", "sopia"), ("sopivat", "sopia"),
    ("sitoutuivat", "sitoutua"), ("vahvistivat", "vahvistaa"), ("syvennetään", "syventää"),
    ("laajentavat", "laajentaa"), ("jatkavat", "jatkaa"), ("korostettiin", "korostaa"),
    ("tuomitsivat", "tuomita"), ("toistivat", "toistaa"), ("edustivat", "edustaa"), ("vieraili", "vierailla"),
    ("järjestettiin", "järjestää"), ("annettiin", "antaa"), ("avattiin", "avata"),
]


def score(name: str, lemmas) -> None:
    first = sum(1 for form, base in CASES if lemmas(form)[:1] == [base])
    anywhere = sum(1 for form, base in CASES if base in lemmas(form))
    start = time.perf_counter()
    for _ in range(20):
        for form, _base in CASES:
            lemmas(form)
    per_word = (time.perf_counter() - start) / (20 * len(CASES)) * 1e6
    misses = [f"{form}→{'/'.join(lemmas(form)) or '?'}" for form, base in CASES if base not in lemmas(form)]
    print(f"{name:10} first reading {first}/{len(CASES)} ({first / len(CASES):.0%}), any reading "
          f"{anywhere}/{len(CASES)} ({anywhere / len(CASES):.0%}), {per_word:.1f} µs/word")
    print(f"{'':10} misses: {', '.join(misses) or 'none'}")


def start_up(code: str) -> float:
    """Seconds a fresh process needs to import the tool and analyse its first word."""
    import subprocess
    import sys

    timed = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", timed], capture_output=True, text=True, check=True).stdout)


def main() -> None:
    import simplemma

    score("simplemma", lambda word: [simplemma.lemmatize(word, lang="fi")])
    seconds = start_up("import simplemma; simplemma.lemmatize('Tokiossa', lang='fi')")
    print(f"{'':10} start-up (import + Finnish dictionary): {seconds:.2f} s")
    try:
        import libvoikko

        voikko = libvoikko.Voikko("fi")
    except (ImportError, OSError) as error:
        print(f"voikko     not measured: {error}")
        return
    score("voikko", lambda word: list(dict.fromkeys(a["BASEFORM"] for a in voikko.analyze(word))))
    seconds = start_up("import libvoikko; libvoikko.Voikko('fi').analyze('Tokiossa')")
    print(f"{'':10} start-up (import + Finnish dictionary): {seconds:.2f} s")

    from eujgraph.extract.morphology import Morphology, same_word

    for backend in ("voikko", "simplemma"):
        morphology = Morphology("fi", backend=backend)
        matched = [form for form, base in CASES if same_word(morphology.word(form), morphology.lemmas(base))]
        print(f"eujgraph matcher on {backend}: {len(matched)}/{len(CASES)} inflected forms equated with their "
              f"base form (shared base form, or shared stem of 5+ letters); misses: "
              f"{', '.join(f for f, _ in CASES if f not in matched) or 'none'}")


if __name__ == "__main__":
    main()
