handbookSearchLoaded("terms/re",{"read":[0,1],"reads":[8,4]});
