handbookSearchLoaded("terms/ha",{"handbook":[0,50]});
