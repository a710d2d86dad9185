from lscb.refs import natural_key


def test_references_sort_naturally():
    refs = ["1.10", "2.5.1", "1.2", "10.1", "2.5", "9.4", "1.1", "2.10", "2.5.10", "2.5.2"]
    assert sorted(refs, key=natural_key) == [
        "1.1", "1.2", "1.10", "2.5", "2.5.1", "2.5.2", "2.5.10", "2.10", "9.4", "10.1"
    ]


def test_letters_and_spaces_are_tolerated():
    assert natural_key(" 3a ") == natural_key("3A")
    assert natural_key("3a") < natural_key("3b") < natural_key("4")
