"""What content links to, as a reader may see it: the visibility rules of API readers,
the batch that loads every page, image, document and snippet a payload links to in
one query per kind, and rich text with its links resolved.

Below the blocks, which use it for their API representation, and below ``network.api``.
"""
