handbookSearchLoaded("terms/ra",{"raw":[8,1]});
