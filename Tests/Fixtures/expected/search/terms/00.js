handbookSearchLoaded("terms/00",{"000":[8,6]});
