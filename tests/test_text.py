from pathlib import Path

from eujgraph.text import SourceText, normalize_quote

MEMO = Path(__file__).resolve().parents[1] / "graph/sources/eu-japan-summit-2025-07-23.fi.txt"


def test_line_end_hyphenation_is_joined_and_offsets_point_into_the_original():
    text = SourceText("yhteistyötä kump-\npanuutta ja\nkilpailukykyalli-\nanssin.")
    assert text.normalized == "yhteistyötä kumppanuutta ja kilpailukykyallianssin."
    [span] = text.find("kilpailukykyallianssin")
    assert text.original[span.start:span.end] == "kilpailukykyalli-\nanssin"
    assert span.text == "kilpailukykyallianssin"


def test_real_hyphens_and_dashes_are_kept():
    text = SourceText("Naiset, rauha ja turvallisuus -agendassa. EU‒Japani\n-huippukokous. puolustus- ja turvallisuus")
    assert "turvallisuus -agendassa" in text.normalized
    assert "EU‒Japani -huippukokous" in text.normalized
    assert "puolustus- ja turvallisuus" in text.normalized


def test_hyphen_before_a_conjunction_at_line_end_is_a_suspended_compound():
    text = SourceText("puolustus-\nja turvallisuusalalla")
    assert text.normalized == "puolustus- ja turvallisuusalalla"


def test_hyphen_before_a_capital_is_kept():
    assert SourceText("EU-\nJapani").normalized == "EU-Japani"


def test_memo_words_split_at_line_ends_are_found_whole():
    text = SourceText.from_file(MEMO)
    for word in ("kumppanuutta", "kilpailukykyallianssin", "puolustusteollisuusdialogin",
                 "turvallisuuspoliittisessa", "kestävän", "Suomen"):
        spans = text.find(word)
        assert spans, word
        for span in spans:
            assert normalize_quote(text.original[span.start:span.end]) == word


def test_whitespace_in_quotes_does_not_matter():
    text = SourceText("Olemassa \n olevien sekä uusien")
    [span] = text.find("Olemassa olevien   sekä")
    assert (span.start, span.end) == (0, 23)


def test_each_occurrence_is_found_in_order():
    text = SourceText.from_file(MEMO)
    spans = text.find("Suomen näkökulmasta kokouksen lopputulema on onnistunut")
    assert len(spans) == 2 and spans[0].start < spans[1].start


def test_sentences_respect_abbreviations_dates_and_paragraphs():
    text = SourceText("Otsikko 23.7.2025\n\nKokous pidettiin 23.7.2025. Sovittiin mm. ilmastosta. "
                      "Esim. dialogi on hyvä, esim. puolustus. Loppu!")
    assert [s.text for s in text.sentences()] == [
        "Otsikko 23.7.2025",
        "Kokous pidettiin 23.7.2025.",
        "Sovittiin mm. ilmastosta.",
        "Esim. dialogi on hyvä, esim. puolustus.",
        "Loppu!",
    ]


def test_memo_has_24_sentences_and_the_summary_ends_at_the_blank_line():
    sentences = SourceText.from_file(MEMO).sentences()
    assert len(sentences) == 24
    assert sentences[0].text == "EU‒Japani -huippukokous 23.7.2025"
    assert sentences[4].text == "Suomen näkökulmasta kokouksen lopputulema on onnistunut."


def test_closest_passage_helps_with_a_typo():
    text = SourceText.from_file(MEMO)
    assert text.closest("uuden kilpailukykyalliansin perustaminen") == "uuden kilpailukykyallianssin perustaminen,"


def test_a_leading_number_is_an_ordinal_or_paragraph_number_not_a_sentence():
    text = SourceText("Otsikko\n\n31. EU:n ja Japanin huippukokous pidettiin 15.6.2026. Se onnistui.\n\n"
                      "2. We reaffirm our commitment. It holds.")
    assert [s.text for s in text.sentences()] == [
        "Otsikko", "31. EU:n ja Japanin huippukokous pidettiin 15.6.2026.", "Se onnistui.",
        "2. We reaffirm our commitment.", "It holds."]
