"""Synthetic demo data for ``manage.py seed_demo``: Twente organisations, demo users, clients and cases.

Everything here is made up. Names come from Faker with a fixed seed, BSNs are 11-proof numbers from the
range 999990000-999999999 that the RvIG keeps for test purposes, so they never belong to a real person.
"""
