"""The Streamlit glue between the library and the pages: context and filters, cached calls, notebook blocks,
the observation panel, sign-in and live refresh. The library (analytics) never imports Streamlit; pages import this."""
