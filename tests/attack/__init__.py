"""The attack suite: black-box tests of issue #13 and the reusable campaign pieces."""
