handbookSearchLoaded("terms/da",{"data":[8,4,7,1]});
