"""Experiments kept out of the shipped library: the NER model (training, comparison) and the bench."""
