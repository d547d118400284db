handbookSearchLoaded("terms/ba",{"back":[15,1,16,1,17,1,18,1]});
