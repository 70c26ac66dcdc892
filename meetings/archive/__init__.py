"""meetings/archive"""
