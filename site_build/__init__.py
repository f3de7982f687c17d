"""The course as a static website: ``make site`` (``python -m site_build``) builds ``site/``.

Every notebook of both editions is executed into a temporary copy with its widget state
stored (nbclient, ``store_widget_state=True``), exported by nbconvert's HTMLExporter (the
``lab`` template, with ``templates/gd_site`` pointing every script and style sheet at the
site's own shared folder ``_static/``), and written to ``site/en/`` and ``site/es/`` with its
figures (``<page>_files/``) and the committed ``.ipynb`` (the download link at the top of each
page). ``site/index.html`` is
the course map of both READMEs.

An explorer drawn in the browser (an anywidget ``gdlib.widgets.front.Figure``) stays live on
the page with no kernel: its ES module and its problem travel inside the stored widget state,
the sliders are linked to it in the page (``jslink``), and the ipywidgets HTML manager renders
them, loading anywidget's AMD build from ``_static/`` through RequireJS. An explorer that still
draws its figure in the kernel shows the picture of its first run, with its controls switched
off and a note saying so.

The front-end files come from the npm registry, pinned in ``package.json`` /
``package-lock.json`` here (``npm ci`` into ``site_build/node_modules``, git-ignored);
tests/test_site_versions.py checks that they speak the installed Python packages' versions.
This package does not import gdlib: the notebooks do, in their own kernels.
"""
