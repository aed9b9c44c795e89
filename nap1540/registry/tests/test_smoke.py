def test_states_index_lists_uzbekistan(client, db):
    response = client.get("/states/?q=Uzbek")
    assert response.status_code == 200
    assert "Uzbekistan" in response.content.decode()
