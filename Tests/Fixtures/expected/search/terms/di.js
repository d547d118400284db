handbookSearchLoaded("terms/di",{"di":[9,3],"direction":[11,3,21,1,23,1,24,1],"director":[19,58,22,58,23,58,9,54,2,10,25,4]});
